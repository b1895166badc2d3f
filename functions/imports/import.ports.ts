import type { AuditEvent } from '#shared/audit/audit';
import type { FieldError } from '#shared/core/errors';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { ImportJobView, ImportProgress, ImportRowView, ImportStatus } from './import.schema';

/** A stored import: what the API shows, plus how far the job got and as whom it runs. */
export type ImportJob = ImportJobView & {
  /** The importer's scope when they started it: the job writes as them (account managers: own records only). */
  readonly scope: 'all' | 'own';
  /** Data rows processed so far (the job's checkpoint: a continuation skips these). */
  readonly checkpoint: number;
  /** Revert: the last chunk reverted (its sort key), so a revert continues where it stopped. */
  readonly revertCheckpoint?: string;
  /** Invocations in a row whose step threw at the current checkpoint; reset when a step moves it (MAX_STEP_ATTEMPTS). */
  readonly stepFailures?: number;
  /** Epoch seconds: the item and its rows leave the table 30 days after creation (TTL). */
  readonly ttl: number;
};

/** A record the import wrote: what a revert needs to undo it. */
export interface WrittenRecord {
  readonly line: number;
  readonly recordId: string;
  /** The record's parent where its id alone does not find it (a contact: its customer). */
  readonly parentId?: string;
  /** The record's version right after the import wrote it: a revert applies only if it is still this one. */
  readonly version: number;
  /** Updated records: the values the update replaced (null: the field was absent). */
  readonly before?: Readonly<Record<string, unknown>>;
}

/** The outcome of one chunk of rows: saved with the checkpoint. */
export interface ChunkOutcome {
  /** The first line of the chunk: the chunk's key. */
  readonly firstLine: number;
  readonly created: readonly WrittenRecord[];
  readonly updated: readonly WrittenRecord[];
  readonly rows: readonly ImportRowView[];
}

export interface ImportRepository {
  /** `audit`: the entry of the caller's request, written in the same transaction. */
  create(job: ImportJob, idempotency?: IdempotencyClaim, audit?: AuditEvent): Promise<{ kind: 'created' | 'replayed'; job: ImportJob }>;
  get(importId: string): Promise<ImportJob | undefined>;
  /** Moves the job on, conditional on the version read (two runners never both advance it). */
  advance(job: ImportJob, changes: { status?: ImportStatus; progress?: ImportProgress; checkpoint?: number; revertCheckpoint?: string; stepFailures?: number; problem?: string; problemErrors?: FieldError[]; completedAt?: string; revertibleUntil?: string }, at: string, audit?: AuditEvent): Promise<ImportJob>;
  /** Row reports and the chunk's written records, then (last) nothing else: `advance` records the checkpoint. */
  saveChunk(importId: string, outcome: ChunkOutcome, ttl: number): Promise<void>;
  listRows(importId: string, status: ImportRowView['status'], page: { limit: number; startKey?: Record<string, string | number> }): Promise<{ items: ImportRowView[]; lastKey?: Record<string, string | number> }>;
  /** The chunks after `afterKey`, in line order, a page at a time. */
  listChunks(importId: string, afterKey: string | undefined, limit: number): Promise<{ key: string; created: WrittenRecord[]; updated: WrittenRecord[] }[]>;
  saveRows(importId: string, rows: readonly ImportRowView[], ttl: number): Promise<void>;
}

/** Starts (or continues) the asynchronous job of an import: another invocation of the job function. */
export interface ImportJobTrigger {
  continueJob(importId: string): Promise<void>;
}

/** What one invocation of the job did: finished, handed over to another invocation, or found nothing to do. */
export type StepResult = 'done' | 'continued' | 'ignored';
