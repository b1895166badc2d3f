import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Streaming readers of an import file: bytes in, one record at a time out, never the whole file in memory
 * (docs/benchmarks.md, "Import": memory stays flat in the file size).
 *
 * Encoding: UTF-8 with or without a BOM, or GB18030 (what Chinese Excel writes as "CSV"). The first bytes decide:
 * a UTF-8 BOM → UTF-8; otherwise the first 64 KiB are decoded as strict UTF-8 and, if that fails, the file is read
 * as GB18030 (a superset of GBK/GB2312). A UTF-16 BOM is refused (say so, rather than read garbage).
 */

export type ImportFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gb18030';

/** One data record: its 1-based line (the header is line 1) and its cells by column position. */
export interface RawRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

const PROBE_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The encoding of a file from its first bytes (see the module comment). */
export const detectEncoding = (head: Uint8Array): TextEncoding => {
  if (head[0] === UTF8_BOM[0] && head[1] === UTF8_BOM[1] && head[2] === UTF8_BOM[2]) return 'utf-8';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new ImportFileError('The file is UTF-16; save it as CSV UTF-8 (or CSV) and upload it again.');
  }
  try {
    // `stream: true`: a multi-byte character cut at the end of the probe is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
};

/** Bytes → text chunks in the detected encoding (the BOM dropped), decoding across chunk boundaries. */
async function* decodeText(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const pending: Uint8Array[] = [];
  let pendingSize = 0;
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  for await (const chunk of bytes) {
    if (!decoder) {
      pending.push(chunk);
      pendingSize += chunk.length;
      if (pendingSize < PROBE_BYTES) continue;
      const head = Buffer.concat(pending);
      decoder = new TextDecoder(detectEncoding(head), { fatal: false, ignoreBOM: false });
      yield decoder.decode(head, { stream: true });
      continue;
    }
    yield decoder.decode(chunk, { stream: true });
  }
  if (!decoder) {
    const head = Buffer.concat(pending);
    decoder = new TextDecoder(detectEncoding(head), { fatal: false, ignoreBOM: false });
    yield decoder.decode(head, { stream: true });
  }
  yield decoder.decode();
}

export interface ReadLimits {
  /** Data records at most; one more is an error (the file is refused as a whole before anything is written). */
  readonly maxRows: number;
  /** Characters in one cell at most (a zip bomb or a runaway quote becomes an error, not memory). */
  readonly maxCellLength: number;
  readonly maxColumns: number;
}

/** CSV records, the header first (line 1). A quoted cell may span lines: `line` is where its record starts. */
export async function* readCsv(bytes: AsyncIterable<Uint8Array>, limits: ReadLimits): AsyncGenerator<RawRecord> {
  const parser = Readable.from(decodeText(bytes)).pipe(
    parse({
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: limits.maxCellLength * 4,
      bom: true,
    }),
  );
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      records += 1;
      if (records > limits.maxRows + 1) throw new ImportFileError(`The file has more than ${limits.maxRows} rows; split it.`);
      if (record.length > limits.maxColumns) throw new ImportFileError(`Line ${info.lines}: more than ${limits.maxColumns} columns.`);
      yield { line: info.lines, cells: record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const message = error instanceof Error ? error.message : 'unreadable';
    throw new ImportFileError(`The file is not a readable CSV: ${message.slice(0, 200)}`);
  } finally {
    parser.destroy();
  }
}

/** The text of an exceljs cell value, typed cells included (a date as YYYY-MM-DD, a formula by its result). */
const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; hyperlink?: string };
    if ('result' in object) return cellText(object.result);
    if (Array.isArray(object.richText)) return object.richText.map((part) => part.text).join('');
    if (typeof object.text === 'string') return object.text;
    return '';
  }
  return String(value);
};

/** The first worksheet of an .xlsx, streamed (exceljs WorkbookReader): shared strings are kept, rows are not. */
export async function* readXlsx(bytes: AsyncIterable<Uint8Array>, limits: ReadLimits): AsyncGenerator<RawRecord> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Kept (a small table): without the cells' number formats a date cell reads as its serial number (29372).
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  let records = 0;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<{ number: number; values: unknown[] }>) {
        const cells = (row.values ?? []).slice(1).map((value) => cellText(value).trim());
        if (cells.every((cell) => cell === '')) continue;
        records += 1;
        if (records > limits.maxRows + 1) throw new ImportFileError(`The file has more than ${limits.maxRows} rows; split it.`);
        if (cells.length > limits.maxColumns) throw new ImportFileError(`Line ${row.number}: more than ${limits.maxColumns} columns.`);
        if (cells.some((cell) => cell.length > limits.maxCellLength)) throw new ImportFileError(`Line ${row.number}: a cell is too long.`);
        yield { line: row.number, cells };
      }
      // Only the first worksheet is read.
      break;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('The file is not a readable .xlsx workbook.');
  }
}

export const readRecords = (format: ImportFormat, bytes: AsyncIterable<Uint8Array>, limits: ReadLimits): AsyncGenerator<RawRecord> =>
  format === 'csv' ? readCsv(bytes, limits) : readXlsx(bytes, limits);
