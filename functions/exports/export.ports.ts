import type { AuditEvent } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import type { UploadedPart } from '#shared/files/file-store';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { ExportEntity, ExportFilters, ExportStatus, ExportView } from './export.schema';

/** A stored export: what the API shows (but the download link, signed on read), plus the job's checkpoint. */
export type ExportJob = Omit<ExportView, 'download' | 'filters'> & {
  readonly filters: ExportFilters;
  /** The file in the files bucket (`exports/<id>.<format>`). */
  readonly fileKey: string;
  /** The multipart upload being written, and its parts so far (a continuation appends to it). */
  readonly uploadId?: string;
  readonly parts?: readonly UploadedPart[];
  /** Where the next page starts (an opaque source cursor); absent: from the start. */
  readonly cursor?: string;
  /** Epoch seconds: the item leaves the table 30 days after creation (TTL); the file after 7 (lifecycle rule). */
  readonly ttl: number;
};

export interface ExportProgressChange {
  status?: ExportStatus;
  rows?: number;
  /** `null` removes it (a finished export keeps no upload and no parts). */
  uploadId?: string | null;
  parts?: readonly UploadedPart[] | null;
  cursor?: string | null;
  problem?: string;
  completedAt?: string;
}

export interface ExportRepository {
  /** `audit`: the entry of the caller's request, written in the same transaction. */
  create(job: ExportJob, idempotency?: IdempotencyClaim, audit?: AuditEvent): Promise<{ kind: 'created' | 'replayed'; job: ExportJob }>;
  get(exportId: string): Promise<ExportJob | undefined>;
  /** Moves the job on, conditional on the version read (two runners never both advance it); VersionConflict otherwise. */
  advance(job: ExportJob, change: ExportProgressChange, at: string): Promise<ExportJob>;
}

/** One record of an export as the API answers it (a customer, a contact …), and the customer it belongs to. */
export interface ExportRecord {
  readonly record: Readonly<Record<string, unknown>>;
  /** Contacts and activities: the customer's name, for a readable file. */
  readonly customerName?: string;
}

/**
 * A page of records and where the next one starts. `cursor` set: a boundary the job may checkpoint at (the rows
 * before it are complete); absent on a page inside a larger unit (a customer's contacts) and on the last page.
 */
export interface ExportBatch {
  readonly records: readonly ExportRecord[];
  /** Records read to find these (contacts, activities of every customer: the customers walked), bounded like rows. */
  readonly walked?: number;
  readonly cursor?: string;
}

/** Reads the records of one entity with the list routes' rules and filters, a page at a time — Query only. */
export interface ExportSource {
  batches(request: { caller: Caller; filters: ExportFilters; cursor?: string }): AsyncIterable<ExportBatch>;
}

/** Starts (or continues) the asynchronous job of an export: another invocation of the job function. */
export interface ExportJobTrigger {
  continueJob(exportId: string): Promise<void>;
}

export type StepResult = 'done' | 'continued' | 'ignored';
export type { ExportEntity };
