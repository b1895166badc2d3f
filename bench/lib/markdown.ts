import { readFile, writeFile } from 'node:fs/promises';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** Pipes inside a cell would split it. */
const cell = (value: string | number): string => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

export const table = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');

/**
 * Replaces what lies between the markers and keeps everything else (the hand-written text) as it is. A file
 * without markers gets the generated section appended.
 */
export const writeGeneratedSection = async (
  path: string,
  generated: string,
  fallbackHeader: string,
  markers: { start: string; end: string } = { start: START_MARKER, end: END_MARKER },
): Promise<void> => {
  let current: string;
  try {
    current = await readFile(path, 'utf8');
  } catch {
    current = fallbackHeader;
  }
  const block = `${markers.start}\n${generated.trim()}\n${markers.end}`;
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + markers.end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(path, next.endsWith('\n') ? next : `${next}\n`);
};
