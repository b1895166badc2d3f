/** The import items (docs/data-model.md, "Imports"): one collection per import. */
const line = (value: number): string => String(value).padStart(8, '0');

export const importKeys = {
  item: (importId: string) => ({ pk: `IMPORT#${importId}`, sk: 'IMPORT' }),
  /** A row report (failed, or a revert refused), sorted by line within its status. */
  row: (importId: string, status: string, lineNo: number) => ({ pk: `IMPORT#${importId}`, sk: `ROW#${status}#${line(lineNo)}` }),
  rowPrefix: (status: string) => `ROW#${status}#`,
  /** The records one chunk of rows wrote (what a revert undoes), by the chunk's first line. */
  chunk: (importId: string, firstLine: number) => ({ pk: `IMPORT#${importId}`, sk: `CHUNK#${line(firstLine)}` }),
  chunkPrefix: 'CHUNK#',
  /** The write marker of one chunk of a chunked import (customers), by the chunk's first line: claimed, then completed once. */
  writeMarker: (importId: string, firstLine: number) => ({ pk: `IMPORT#${importId}`, sk: `WRITE#${line(firstLine)}` }),
} as const;
