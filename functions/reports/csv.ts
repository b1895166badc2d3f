import type { RenderedReport } from './report-format';

/** UTF-8 byte order mark: spreadsheet programs then read Chinese names correctly. */
const BOM = '\uFEFF';

/**
 * The CSV download of a report: header row, CRLF, every field quoted when needed. `csv-stringify` is imported
 * here, on first use, so JSON requests never load it (cold start).
 */
export const toCsv = async (table: RenderedReport['table']): Promise<string> => {
  const { stringify } = await import('csv-stringify/sync');
  const text = stringify(
    [[...table.header], ...table.rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))))],
    { record_delimiter: 'windows' },
  );
  return `${BOM}${text}`;
};
