import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, ImportFileError, readCsv, type RawRecord } from '#functions/imports/import-file.parser';

const LIMITS = { maxRows: 5, maxCellLength: 100, maxColumns: 10 };

/** Bytes in chunks of `size`, as a stream from S3 delivers them (a character may be cut between two chunks). */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

const readAll = async (bytes: Uint8Array, limits = LIMITS): Promise<RawRecord[]> => {
  const records: RawRecord[] = [];
  for await (const record of readCsv(chunks(bytes), limits)) records.push(record);
  return records;
};

const CSV = '客户名称,地区\r\n北京石油,华北\r\n"上海, 明远",华东\r\n';

describe('import file parser', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')])],
    ['GB18030', iconv.encode(CSV, 'gb18030')],
  ])('reads %s the same, across chunk boundaries', async (_encoding, bytes) => {
    // Act
    const records = await readAll(bytes);

    // Assess
    expect(records).toEqual([
      { line: 1, cells: ['客户名称', '地区'] },
      { line: 2, cells: ['北京石油', '华北'] },
      { line: 3, cells: ['上海, 明远', '华东'] },
    ]);
  });

  it('detects GB18030 only when the bytes are not UTF-8', () => {
    // Act + Assess
    expect(detectEncoding(Buffer.from('名称', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('名称', 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from('plain ascii'))).toBe('utf-8');
  });

  it('refuses UTF-16 with a clear message', () => {
    // Act + Assess
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(ImportFileError);
  });

  it('refuses a file with more rows than the limit, and an unterminated quote, as file errors', async () => {
    // Prepare
    const tooMany = ['name', ...Array.from({ length: 6 }, (_, index) => `n${index}`)].join('\n');

    // Act + Assess
    await expect(readAll(Buffer.from(tooMany))).rejects.toThrow(/more than 5 rows/);
    await expect(readAll(Buffer.from('name\n"never closed\n'))).rejects.toThrow(ImportFileError);
    await expect(readAll(Buffer.from('a,b,c\n1,2,3'), { ...LIMITS, maxColumns: 2 })).rejects.toThrow(/more than 2 columns/);
  });
});
