import { PassThrough } from 'node:stream';
import { CSV_BOM, csvLines, neutralisedCell } from '#shared/core/csv';
import type { Cell, ExportColumn } from './export-columns';
import type { ExportRecord } from './export.ports';

/**
 * Writes an export's file as a stream of bytes, buffered until the job takes a part for the multipart upload
 * (docs/import-export.md, "How the job runs"): memory holds at most about one part (≥ 5 MiB) plus one page of rows,
 * whatever the number of rows.
 *
 * Formula injection: every text cell goes through `neutralisedCell` (shared/core/csv.ts) — a leading `=`, `+`, `-`,
 * `@`, TAB, CR or their full-width forms gets a `'` — in CSV (by `csvLines`) and in xlsx alike: an xlsx text cell is
 * not evaluated when opened, but it is once a user edits it or saves the sheet as CSV.
 */
export interface ExportFileWriter {
  /** The header row; a CSV continuation (resumed from a checkpoint) skips it: it is in the first part. */
  start(withHeader: boolean): Promise<void>;
  write(records: readonly ExportRecord[]): Promise<void>;
  /** Bytes written and not yet taken. */
  buffered(): number;
  /** The buffered bytes as one part, and an empty buffer. */
  take(): Uint8Array;
  /** Ends the file (xlsx: the rest of the zip); then `take()` holds the last part. */
  finish(): Promise<void>;
}

class ByteBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.byteLength;
  }

  get length(): number {
    return this.size;
  }

  take(): Uint8Array {
    const all = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return all;
  }
}

/** A date column as a date (`1980-05-31`, what the import and the API take), a date-time as ISO 8601. */
export const csvValue = (cell: Cell, kind: ExportColumn['kind']): string | number | boolean | null =>
  cell instanceof Date ? (kind === 'date' ? cell.toISOString().slice(0, 10) : cell.toISOString()) : cell;

/** UTF-8 with BOM (Excel then reads Chinese names right), CRLF, quoted as needed, formulas neutralised. */
export const csvFileWriter = (columns: readonly ExportColumn[]): ExportFileWriter => {
  const buffer = new ByteBuffer();
  return {
    start: async (withHeader) => {
      if (withHeader) buffer.push(Buffer.from(`${CSV_BOM}${await csvLines([columns.map((column) => column.header)])}`, 'utf8'));
    },
    write: async (records) => {
      if (records.length === 0) return;
      buffer.push(Buffer.from(await csvLines(records.map((record) => columns.map((column) => csvValue(column.cell(record), column.kind)))), 'utf8'));
    },
    buffered: () => buffer.length,
    take: () => buffer.take(),
    finish: async () => undefined,
  };
};

const NUMBER_FORMATS = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' } as const;

/**
 * .xlsx through exceljs' streaming WorkbookWriter (rows committed as they are written, no shared strings table):
 * numbers, booleans and dates are typed cells (dates with a date format, in UTC), text is neutralised text.
 */
export const xlsxFileWriter = async (columns: readonly ExportColumn[], sheetName: string): Promise<ExportFileWriter> => {
  const { default: ExcelJS } = await import('exceljs');
  const buffer = new ByteBuffer();
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => buffer.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    key: column.header,
    width: Math.min(40, Math.max(10, column.header.length + 2)),
    ...(column.kind === 'date' || column.kind === 'datetime' ? { style: { numFmt: NUMBER_FORMATS[column.kind] } } : {}),
  }));
  // Lets the zip stream hand over what it compressed before the job measures the buffer.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    start: async () => {
      sheet.addRow(columns.map((column) => neutralisedCell(column.header))).commit();
    },
    write: async (records) => {
      for (const record of records) {
        sheet.addRow(columns.map((column) => {
          const cell = column.cell(record);
          return typeof cell === 'string' ? neutralisedCell(cell) : cell;
        })).commit();
      }
      await settle();
    },
    buffered: () => buffer.length,
    take: () => buffer.take(),
    finish: async () => {
      sheet.commit();
      await workbook.commit();
      await settle();
    },
  };
};
