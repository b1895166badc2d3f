import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { DEFAULT_DICTIONARY, DICTIONARY_TYPES, type DictionarySnapshot } from '#shared/dictionary/dictionary';
import { fileKeys } from '#shared/files/file-keys';
import type { EntityImporter, RowResult } from '#functions/imports/import-rows';
import type { ImportJob } from '#functions/imports/import.ports';
import { EMPTY_PROGRESS, MAX_STEP_ATTEMPTS } from '#functions/imports/import.rules';
import type { ImportDependencies } from '#functions/imports/imports.dependencies';
import { revertImport } from '#functions/imports/revert-import.use-case';
import { runImportStep } from '#functions/imports/run-import-job.use-case';
import { InMemoryFileStore } from '#test/fakes/in-memory-file-store';
import { InMemoryImportRepository } from '#test/fakes/in-memory-imports';

const snapshot: DictionarySnapshot = { lists: new Map(DICTIONARY_TYPES.map((type) => [type, { type, entries: DEFAULT_DICTIONARY[type], version: 0 }])), used: new Set() };

/**
 * An importer over a map: every row's name becomes a record (idempotently); `faults` makes the rows of a name throw (a DynamoDB
 * outage, a bug) that many times before they succeed.
 */
const recordingImporter = (faults: Map<string, number>) => {
  const written = new Map<string, string>();
  const importer: EntityImporter = {
    columns: [{ field: 'name', names: ['名称'], kind: 'text' }],
    required: ['name'],
    async importRow(input, line): Promise<RowResult> {
      const name = String(input.name);
      const left = faults.get(name) ?? 0;
      if (left > 0) {
        faults.set(name, left - 1);
        throw Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' });
      }
      // A replay of this import's own earlier attempt counts as created by it (as customer.importer.ts does).
      written.set(name, `id-${line}`);
      return { status: 'created', record: { line, recordId: `id-${line}`, version: 1 } };
    },
    revertCreated: async () => true,
    revertUpdated: async () => true,
  };
  return { importer, written };
};

const setup = (faults: Map<string, number>) => {
  const imports = new InMemoryImportRepository();
  const files = new InMemoryFileStore();
  const { importer, written } = recordingImporter(faults);
  const continued: string[] = [];
  const deps: ImportDependencies = {
    imports,
    files,
    clock: { now: () => new Date() },
    ids: ulidGenerator(seededRandom(3)),
    trigger: { continueJob: async (id) => void continued.push(id) },
    importers: { customers: importer, contacts: importer, products: importer },
    dictionary: async () => snapshot,
    customFields: { definitionsOf: async () => [] },
    limits: { maxBytes: 1_000_000, maxRows: 1_000, maxCellLength: 100, maxColumns: 10, chunkRows: 2, validateChunkRows: 2, writeChunkRows: 2, concurrency: 2, stepMillis: 60_000, revertChunks: 5 },
  };
  return { deps, imports, files, written, continued };
};

const uploaded = async (deps: ImportDependencies, imports: InMemoryImportRepository, files: InMemoryFileStore, names: readonly string[]): Promise<string> => {
  const at = new Date().toISOString();
  const job: ImportJob = {
    id: '01JNW8Y3C5K7Q2V9R4T6M80001',
    entity: 'customers',
    format: 'csv',
    mode: 'commit',
    onDuplicate: 'skip',
    status: 'awaiting-upload',
    progress: { ...EMPTY_PROGRESS },
    scope: 'all',
    checkpoint: 0,
    ttl: 1,
    version: 1,
    createdAt: at,
    createdBy: 'sales',
    updatedAt: at,
    updatedBy: 'sales',
  };
  await imports.create(job);
  await files.put(fileKeys.importFile(job.id), ['名称', ...names].join('\r\n'), 'text/csv');
  return job.id;
};

/** Runs the job's invocations as Lambda would: a thrown step is retried (the same event), a continued one invoked again. */
const runAsLambda = async (deps: ImportDependencies, importId: string, invocations: number) => {
  const outcomes: string[] = [];
  for (let count = 0; count < invocations; count += 1) {
    try {
      const result = await runImportStep(deps, importId);
      outcomes.push(result);
      if (result !== 'continued') break;
    } catch (error) {
      outcomes.push(`threw ${(error as Error).name}`);
    }
  }
  return outcomes;
};

describe('the import job when a step throws', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T08:15:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('counts the failure and lets the retry resume from the checkpoint: every row written once, completed', async () => {
    // Prepare — the third row fails twice, then its step's retry succeeds.
    const { deps, imports, files, written } = setup(new Map([['c', 2]]));
    const importId = await uploaded(deps, imports, files, ['a', 'b', 'c', 'd', 'e']);

    // Act
    const outcomes = await runAsLambda(deps, importId, 10);

    // Assess
    expect(outcomes).toEqual(['continued', 'threw ServiceUnavailable', 'threw ServiceUnavailable', 'continued', 'done']);
    expect([...written.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const job = imports.items.get(importId)!;
    expect(job).toMatchObject({ status: 'completed', checkpoint: 5, stepFailures: 0, progress: { read: 5, created: 5, skipped: 0 } });
  });

  it(`fails the import with its reason at the ${MAX_STEP_ATTEMPTS}rd failure in a row instead of leaving it importing, and stays revertible`, async () => {
    // Prepare — the third row never succeeds.
    const { deps, imports, files, written } = setup(new Map([['c', 99]]));
    const importId = await uploaded(deps, imports, files, ['a', 'b', 'c']);

    // Act
    const outcomes = await runAsLambda(deps, importId, 10);
    const again = await runImportStep(deps, importId);

    // Assess
    expect(outcomes).toEqual(['continued', 'threw ServiceUnavailable', 'threw ServiceUnavailable', 'done']);
    expect(again).toBe('ignored');
    const job = imports.items.get(importId)!;
    expect(job.status).toBe('failed');
    expect(job.problem).toMatch(/failed 3 times in a row \(ServiceUnavailable\) after 2 rows/);
    expect(job.problem).toMatch(/can be reverted/);
    expect(job.revertibleUntil).toBe('2026-03-09T08:15:00.000Z');
    expect([...written.keys()]).toEqual(['a', 'b']);
    const reverting = await revertImport(deps, { caller: { username: 'sales', scope: 'all' }, importId, expectedVersion: job.version });
    expect(reverting.status).toBe('reverting');
  });

  it('a validation that keeps failing fails too, and is not revertible', async () => {
    // Prepare
    const { deps, imports, files } = setup(new Map([['a', 99]]));
    const importId = await uploaded(deps, imports, files, ['a']);
    imports.items.set(importId, { ...imports.items.get(importId)!, mode: 'validate' });
    // validate mode never calls importRow: make the dictionary read throw instead.
    const broken = { ...deps, dictionary: async () => Promise.reject(Object.assign(new Error('down'), { name: 'ServiceUnavailable' })) };

    // Act
    const outcomes = await runAsLambda(broken, importId, 5);

    // Assess
    expect(outcomes).toEqual(['threw ServiceUnavailable', 'threw ServiceUnavailable', 'done']);
    const job = imports.items.get(importId)!;
    expect(job).toMatchObject({ status: 'failed', stepFailures: 3 });
    expect(job.revertibleUntil).toBeUndefined();
    expect(job.problem).not.toMatch(/reverted/);
  });
});
