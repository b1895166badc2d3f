import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY, DICTIONARY_TYPES, type DictionarySnapshot } from '#shared/dictionary/dictionary';
import { createExport } from '#functions/exports/create-export.use-case';
import type { ExportDependencies } from '#functions/exports/exports.dependencies';
import { runExportStep } from '#functions/exports/run-export-job.use-case';
import { InMemoryFileStore } from '#test/fakes/in-memory-file-store';
import { arraySource, countingQuota, InMemoryExportRepository } from '#test/fakes/in-memory-exports';

const snapshot: DictionarySnapshot = { lists: new Map(DICTIONARY_TYPES.map((type) => [type, { type, entries: DEFAULT_DICTIONARY[type], version: 0 }])), used: new Set() };

const customer = (index: number) => ({
  id: `01JNW8Y3C5K7Q2V9R4T6M8${String(index).padStart(4, '0')}`,
  customerNo: `C${index}`,
  name: index === 3 ? '=HYPERLINK("http://evil")' : `客户 ${index}`,
  level: 'key-prospect',
  status: 'active',
  credit: 4,
  createdAt: '2026-03-02T08:15:00.000Z',
  custom: { grade: ['a', 'b'] },
});

/** The export job over fakes: records in memory, the files bucket in memory, tiny parts and steps. */
const setup = (options: { records?: number; quotaRows?: number; maxRows?: number; stepMillis?: number } = {}) => {
  const exports = new InMemoryExportRepository();
  const files = new InMemoryFileStore();
  const continued: string[] = [];
  const quota = countingQuota(options.quotaRows);
  const source = arraySource(Array.from({ length: options.records ?? 250 }, (_, index) => customer(index)), 100);
  const deps: ExportDependencies = {
    exports,
    files,
    clock: { now: () => new Date() },
    ids: ulidGenerator(seededRandom(7)),
    trigger: { continueJob: async (id) => void continued.push(id) },
    quota,
    sources: { customers: source, contacts: source, activities: source, orders: source },
    dictionary: async () => snapshot,
    customFields: async () => [
      { id: 'f1', entityType: 'customer', key: 'grade', label: 'Grade', type: 'multiSelect', required: false, active: true, order: 1, options: [{ code: 'a', label: 'A 级', active: true }, { code: 'b', label: 'B 级', active: true }], version: 1, createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' },
    ],
    limits: { maxRows: options.maxRows ?? 1_000_000, partBytes: 1, stepMillis: options.stepMillis ?? 60_000 },
  };
  return { deps, exports, files, continued, quota, source };
};

const start = async (deps: ExportDependencies, format: 'csv' | 'xlsx' = 'csv') =>
  (await createExport(deps, { caller: { username: 'sales', scope: 'all' }, input: { entity: 'customers', format, filters: {} } })).export;

describe('the export job', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T08:15:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('writes a CSV with BOM, the header once, labels for codes, custom columns and neutralised formulas', async () => {
    // Prepare
    const { deps, exports, files } = setup();
    const started = await start(deps);

    // Act
    const result = await runExportStep(deps, started.id);

    // Assess
    expect(result).toBe('done');
    const job = exports.items.get(started.id)!;
    expect(job).toMatchObject({ status: 'completed', progress: { rows: 250 } });
    expect(job.uploadId).toBeUndefined();
    const text = Buffer.from(files.files.get(job.fileKey)!.body).toString('utf8');
    expect(text.startsWith('\uFEFFID,Customer no.,Name,Level,')).toBe(true);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(251);
    expect(lines[0]!.endsWith(',Grade')).toBe(true);
    expect(lines[1]).toContain('重点开发客户');
    expect(lines[1]!.endsWith(',A 级; B 级')).toBe(true);
    expect(lines[4]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('resumes from its checkpoint step after step: the file is the same as in one run, each page read once', async () => {
    // Prepare: every checkpoint ends a step (stepMillis < 0)
    const once = setup();
    const stepped = setup({ stepMillis: -1 });
    const [a, b] = [await start(once.deps), await start(stepped.deps)];
    await runExportStep(once.deps, a.id);

    // Act
    const results: string[] = [];
    for (let step = 0; step < 10 && stepped.exports.items.get(b.id)!.status !== 'completed'; step += 1) results.push(await runExportStep(stepped.deps, b.id));

    // Assess
    expect(results).toEqual(['continued', 'continued', 'done']);
    // The start, then one hand-over per continued step.
    expect(stepped.continued).toEqual([b.id, b.id, b.id]);
    expect(stepped.source.reads).toBe(3);
    const body = (setupResult: typeof once, id: string) => Buffer.from(setupResult.files.files.get(setupResult.exports.items.get(id)!.fileKey)!.body).toString('utf8');
    expect(body(stepped, b.id)).toBe(body(once, a.id));
    expect(stepped.quota.counted).toBe(250);
  });

  it('writes an .xlsx with typed cells and neutralised text', async () => {
    // Prepare
    const { deps, exports, files } = setup({ records: 5 });
    const started = await start(deps, 'xlsx');

    // Act
    await runExportStep(deps, started.id);

    // Assess
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(files.files.get(exports.items.get(started.id)!.fileKey)!.body) as never);
    const sheet = workbook.getWorksheet('Customers')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1).value;
    expect(sheet.rowCount).toBe(6);
    expect(cell(2, 'Credit')).toBe(4);
    expect(cell(2, 'Created at')).toEqual(new Date('2026-03-02T08:15:00.000Z'));
    expect(cell(5, 'Name')).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('fails, aborting the upload, when the rows cross the quota or the row limit', async () => {
    // Prepare
    const quota = setup({ quotaRows: 100 });
    const limit = setup({ maxRows: 150 });
    const [a, b] = [await start(quota.deps), await start(limit.deps)];

    // Act
    await runExportStep(quota.deps, a.id);
    await runExportStep(limit.deps, b.id);

    // Assess
    expect(quota.exports.items.get(a.id)).toMatchObject({ status: 'failed', problem: expect.stringContaining('export quota is spent') });
    expect(limit.exports.items.get(b.id)).toMatchObject({ status: 'failed', problem: 'More than 150 rows: narrow the filters.' });
    expect(quota.files.aborted).toHaveLength(1);
    expect(limit.files.aborted).toHaveLength(1);
    expect(quota.files.files.size + limit.files.files.size).toBe(0);
  });

  it('ignores a finished export and an unknown one', async () => {
    // Prepare
    const { deps } = setup({ records: 1 });
    const started = await start(deps);
    await runExportStep(deps, started.id);

    // Act / Assess
    expect(await runExportStep(deps, started.id)).toBe('ignored');
    expect(await runExportStep(deps, '01JNW8Y3C5K7Q2V9R4T6M8P0XZ')).toBe('ignored');
  });
});

describe('starting an export', () => {
  it('records it queued with its audit entry and starts the job', async () => {
    // Prepare
    const { deps, exports, continued, quota } = setup();

    // Act
    const started = await start(deps);

    // Assess
    expect(started).toMatchObject({ status: 'queued', entity: 'customers', format: 'csv', progress: { rows: 0 } });
    expect(started.fileName).toMatch(/^customers-\d{8}-\d{4}\.csv$/);
    expect(exports.audit).toMatchObject([{ action: 'create', entityType: 'export', entityId: started.id, actor: 'sales' }]);
    expect(continued).toEqual([started.id]);
    expect(quota.claims).toBe(1);
  });

  it('refuses when the quota is spent, recording nothing', async () => {
    // Prepare
    const { deps, exports, continued } = setup();
    const refusing = { ...deps, quota: { ...deps.quota, claimExport: async () => Promise.reject(new DomainError(ErrorCode.ExportQuotaExceeded, 'spent', { retryAfterSeconds: 60 })) } };

    // Act
    const refused = start(refusing);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ExportQuotaExceeded });
    expect(exports.items.size).toBe(0);
    expect(continued).toEqual([]);
  });
});
