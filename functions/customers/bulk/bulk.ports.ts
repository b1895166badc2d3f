import type { IdempotencyClaim, IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { PageKey } from '#functions/customers/customer/customer.ports';
import type { StoredBulkUpdateJob } from './bulk-update-job.entity';
import type { BulkJobIssue, BulkJobProgress, BulkJobStatus } from './bulk-update-job.schema';

/** What the bulk edits need from storage beyond the customer repository (functions/customers/customer/). */

/**
 * The stored first answer of a bulk edit sent with an Idempotency-Key (shared/idempotency/): the same key and body
 * replay it, another body with the key is refused (422).
 */
export interface BulkAnswers {
  /** The first answer of this request, if there is one (another request under the key → IdempotencyKeyReused). */
  find(request: IdempotencyRequest, now: Date): Promise<unknown>;
  /** Keeps the answer under the claim; when another run of the same request kept one first, returns that one. */
  keep<T>(claim: IdempotencyClaim, answer: T): Promise<T>;
}

/** What a step of a bulk-update job records: the totals so far, the issues kept, where to go on, and the status. */
export interface BulkJobAdvance {
  readonly status: BulkJobStatus;
  readonly progress: BulkJobProgress;
  readonly issues: readonly BulkJobIssue[];
  /** `null`: no page left. */
  readonly cursor?: PageKey | null;
  readonly failure?: string;
  readonly completedAt?: string;
}

/** The bulk-update job item (bulk-update-job.entity.ts). */
export interface BulkJobRepository {
  /** Records the job and the idempotency record (if any) and the audit entry in one transaction; a replayed key answers the first job. */
  create(job: StoredBulkUpdateJob, idempotency?: IdempotencyClaim): Promise<{ kind: 'created' | 'replayed'; job: StoredBulkUpdateJob }>;
  get(jobId: string): Promise<StoredBulkUpdateJob | undefined>;
  /** Moves the job on, conditional on the version read (another run moved it first → VersionConflict). */
  advance(job: StoredBulkUpdateJob, change: BulkJobAdvance, at: string): Promise<StoredBulkUpdateJob>;
}

/** How a job goes on after a step (bulk-update-job.trigger.ts). */
export interface BulkJobTrigger {
  continueJob(jobId: string): Promise<void>;
}
