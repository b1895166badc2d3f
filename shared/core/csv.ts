/**
 * The one place a CSV file is written (report downloads and snapshots today, list exports next), so every CSV
 * inherits the same defences and encoding.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR — or their
 * full-width forms, which Chinese spreadsheet programs also evaluate — is prefixed with `'`, so Excel and WPS show
 * it as text instead of running it. Numbers stay numbers: a JS number, and a string that is only a decimal number
 * (`-12.50`, how the reports write exact amounts), are never prefixed. csv-stringify's own `escape_formulas`
 * would prefix such a negative amount string, hence the cast here.
 */

/** UTF-8 byte order mark: spreadsheet programs then read Chinese names correctly. */
const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const DECIMAL_NUMBER = /^-?\d+(?:\.\d+)?$/;

export type CsvCell = string | number | boolean | null | undefined;

/** A text cell as it may be written: neutralised when a spreadsheet would read it as a formula. */
export const neutralisedCell = (text: string): string =>
  FORMULA_START.test(text) && !DECIMAL_NUMBER.test(text) ? `'${text}` : text;

const CSV_OPTIONS = {
  record_delimiter: 'windows',
  cast: {
    string: (value: string) => neutralisedCell(value),
    number: (value: number) => String(value),
    bigint: (value: bigint) => String(value),
    boolean: (value: boolean) => String(value),
    date: (value: Date) => value.toISOString(),
    object: (value: object) => neutralisedCell(JSON.stringify(value)),
  },
} as const;

/**
 * Header row then rows, CRLF line ends, fields quoted when needed, UTF-8 BOM first. `csv-stringify` is imported
 * on first use, so routes that never answer CSV do not load it (cold start).
 */
export const toCsv = async (header: readonly string[], rows: readonly (readonly unknown[])[]): Promise<string> =>
  `${BOM}${await csvLines([header, ...rows])}`;

/**
 * Lines of a CSV written piece by piece (the export job streams a file a page at a time): the same quoting and
 * formula rule as `toCsv`, no BOM — the writer puts `CSV_BOM` once, before the header.
 */
export const csvLines = async (rows: readonly (readonly unknown[])[]): Promise<string> => {
  const { stringify } = await import('csv-stringify/sync');
  return stringify(
    rows.map((row) => [...row]),
    CSV_OPTIONS,
  );
};

export const CSV_BOM = BOM;
