import { DomainError, ErrorCode, isDomainError } from '#shared/core/errors';
import { problemShapeOf } from '#shared/http/problem';
import { resolveOwner } from '#functions/customers/customer/customer.rules';
import { applyBulkChanges, type BulkOutcome, type BulkOwner } from './apply-bulk-changes.use-case';
import type { BulkJobDependencies } from './bulk-job.dependencies';
import { publicBulkUpdateJobOf, type StoredBulkUpdateJob } from './bulk-update-job.entity';
import type { BulkChanges } from './bulk-update.schema';
import type { BulkJobIssue, BulkJobProgress, BulkUpdateFilter, BulkUpdateJob } from './bulk-update-job.schema';

/** The issues a job keeps (the counts go on). */
export const MAX_JOB_ISSUES = 100;

/** A customer changed concurrently is read and tried again this often before it counts as failed. */
const ATTEMPTS = 3;

/** 404 (gone meanwhile) and a change that does not fit (a tag limit) are skipped; anything else failed. */
const SKIPPED = new Set<string>([ErrorCode.CustomerNotFound, ErrorCode.LimitReached]);

/** Runs `work` over the items, `limit` at a time. */
const eachLimited = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** One customer, read and tried again while it changes concurrently (each try held to the version it read). */
const applyWithRetries = async (deps: BulkJobDependencies, job: StoredBulkUpdateJob, customerId: string, owner: BulkOwner | undefined): Promise<BulkOutcome> => {
  const caller = { username: job.createdBy, scope: 'all' as const };
  let outcome: BulkOutcome = { kind: 'unchanged', version: 0 };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    outcome = await applyBulkChanges(deps.customer, { caller, customerId, changes: job.changes as BulkChanges, owner, reason: `Bulk update ${job.id}` });
    // Read again: what the last try applied is now as asked (not written again), the rest is tried anew.
    if (outcome.kind !== 'refused' || outcome.error.code !== ErrorCode.ConcurrentChange) return outcome;
  }
  return outcome;
};

/** The page's outcomes added to the totals, and its refusals to the issues (up to the cap). */
const tally = (progress: BulkJobProgress, issues: readonly BulkJobIssue[], outcomes: readonly { id: string; outcome: BulkOutcome }[]) => {
  const next = { ...progress, matched: progress.matched + outcomes.length };
  const kept = [...issues];
  for (const { id, outcome } of outcomes) {
    if (outcome.kind === 'updated') next.updated += 1;
    else if (outcome.kind === 'unchanged') next.unchanged += 1;
    else {
      const skipped = SKIPPED.has(outcome.error.code);
      if (skipped) next.skipped += 1;
      else next.failed += 1;
      if (kept.length < MAX_JOB_ISSUES) {
        kept.push({ id, outcome: skipped ? 'skipped' : 'failed', status: problemShapeOf(outcome.error.code).status, code: outcome.error.code, detail: outcome.error.message });
      }
    }
  }
  return { progress: next, issues: kept };
};

/**
 * One step of a bulk-update job (a Lambda invocation): pages of the filter's customers until the job is done or
 * `budgetMillis` is spent; then, if anything is left, the job continues it (bulk-update-job.trigger.ts).
 *
 * Primary course: a queued job turns running; the new owner, if any, is resolved again (it may have been disabled);
 * each page of the customer list for the filter (list-customers.use-case.ts: its indexes, in name order, no Scan) is
 * read after the checkpoint, each customer on it edited by `applyBulkChanges` as the job's starter (the customer
 * update and transfer, each held to the version it read; one changed concurrently is read and tried again, up to 3
 * times), and then the page's counts, issues and the list's key after it are recorded in ONE conditional update of
 * the job (its version): the checkpoint. The last page completes the job.
 *
 * Re-runnable: a step that dies mid-page leaves the checkpoint before that page; the re-run reads it again, and the
 * customers already edited are as asked, so they are not written again (counted `unchanged`). Two runs of one step
 * cannot both record a page (the job's version). Nothing is ever applied twice: each write is conditional on the
 * version its run read.
 *
 * Alternates: the new owner no longer fit → the job fails (`failure`), what was done stays; a fault (throttling,
 * a conflict) is thrown: the invocation is retried from the checkpoint.
 */
export const runBulkUpdateStep = async (deps: BulkJobDependencies, jobId: string, budgetMillis: number): Promise<BulkUpdateJob> => {
  const started = deps.clock.now().getTime();
  const inBudget = () => deps.clock.now().getTime() - started < budgetMillis;
  const at = () => deps.clock.now().toISOString();
  let job = await deps.jobs.get(jobId);
  if (!job) throw new DomainError(ErrorCode.CustomerNotFound, `No bulk update ${jobId}.`);
  if (job.status === 'completed' || job.status === 'failed') return publicBulkUpdateJobOf(job);
  const changes = job.changes as BulkChanges;
  let owner: BulkOwner | undefined;
  try {
    owner = changes.ownerId === undefined ? undefined : await resolveOwner(deps.customer.directory, changes.ownerId);
  } catch (error) {
    if (!isDomainError(error) || error.code !== ErrorCode.InvalidOwner) throw error;
    job = await deps.jobs.advance(job, { status: 'failed', progress: job.progress, issues: job.issues, failure: error.message, completedAt: at() }, at());
    return publicBulkUpdateJobOf(job);
  }
  if (job.status === 'queued') job = await deps.jobs.advance(job, { status: 'running', progress: job.progress, issues: job.issues }, at());
  const caller = { username: job.createdBy, scope: 'all' as const };
  while (job.status === 'running' && inBudget()) {
    const current: StoredBulkUpdateJob = job;
    const page = await deps.customers(caller, current.filter as BulkUpdateFilter, { limit: deps.limits.pageSize, ...(current.cursor ? { startKey: current.cursor } : {}) });
    const outcomes = await eachLimited(page.items, deps.limits.concurrency, async (customer) => ({ id: customer.id, outcome: await applyWithRetries(deps, current, customer.id, owner) }));
    const { progress, issues } = tally(current.progress, current.issues, outcomes);
    const done = page.lastKey === undefined;
    job = await deps.jobs.advance(current, { status: done ? 'completed' : 'running', progress, issues, cursor: page.lastKey ?? null, ...(done ? { completedAt: at() } : {}) }, at());
  }
  if (job.status === 'running') await deps.trigger.continueJob(job.id);
  return publicBulkUpdateJobOf(job);
};
