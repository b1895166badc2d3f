import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import { resolveOwner } from '#functions/customers/customer/customer.rules';
import type { BulkJobDependencies, Caller } from './bulk-job.dependencies';
import { publicBulkUpdateJobOf, type StoredBulkUpdateJob } from './bulk-update-job.entity';
import { emptyProgress, type BulkUpdateJob, type CreateBulkUpdateJobInput } from './bulk-update-job.schema';

/**
 * Start a bulk update of the customers a filter selects (managers only — the route's capability says so).
 *
 * Primary course: a new owner (`changes.ownerId`) is checked first (an enabled user who may own customers); one
 * transaction records the job (`queued`, progress at zero), the idempotency record when a key was sent, and the audit
 * entry; the job's first step is then asked for (bulk-update-job.trigger.ts) and the job answered (202). The job
 * runs in steps (run-bulk-update-step.use-case.ts) over many invocations.
 *
 * Alternates: an owner who may not own customers → InvalidOwner (400), nothing recorded; the same Idempotency-Key
 * and body → the first job, no second one (another body → 422).
 */
export const createBulkUpdateJob = async (
  deps: BulkJobDependencies,
  request: { caller: Caller; input: CreateBulkUpdateJobInput; idempotency?: IdempotencyRequest | undefined },
): Promise<{ job: BulkUpdateJob; replayed: boolean }> => {
  const { caller, input } = request;
  if (input.changes.ownerId !== undefined) await resolveOwner(deps.customer.directory, input.changes.ownerId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const job: StoredBulkUpdateJob = {
    id: deps.ids.next(),
    filter: input.filter,
    changes: input.changes,
    status: 'queued',
    progress: emptyProgress(),
    issues: [],
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
  };
  const outcome = await deps.jobs.create(job, claimOf(request.idempotency, now));
  if (outcome.kind === 'created') await deps.trigger.continueJob(job.id);
  return { job: publicBulkUpdateJobOf(outcome.job), replayed: outcome.kind === 'replayed' };
};
