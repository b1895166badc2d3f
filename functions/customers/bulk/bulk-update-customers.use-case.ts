import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import { problemFromDomainError } from '#shared/http/problem';
import { resolveOwner } from '#functions/customers/customer/customer.rules';
import { applyBulkChanges, type BulkOutcome, type BulkOwner } from './apply-bulk-changes.use-case';
import type { BulkDependencies, Caller } from './bulk.dependencies';
import { idOfRef, type BulkItemResult, type BulkUpdateInput, type BulkUpdateResult } from './bulk-update.schema';

/** Customers edited at the same time (each its own read and transaction): a 100-item request stays well under 30 s. */
const CONCURRENCY = 4;

/** The reason a bulk transfer records (transfer record, audit entry). */
export const BULK_TRANSFER_REASON = 'Bulk edit';

/** One item's answer: 200 with the version, or the problem of its refusal (RFC 9457 members). */
export const itemResultOf = (id: string, outcome: BulkOutcome): BulkItemResult => {
  if (outcome.kind !== 'refused') return { id, status: 200, version: outcome.version, ...(outcome.kind === 'unchanged' ? { unchanged: true } : {}) };
  const { code, type, title, status, detail, errors } = problemFromDomainError(outcome.error);
  const mergedInto = outcome.error.details.extensions?.['mergedInto'];
  const problem = { type, title, status, detail, code, ...(errors ? { errors } : {}), ...(typeof mergedInto === 'string' ? { mergedInto } : {}) };
  return { id, status, ...(outcome.version === undefined ? {} : { version: outcome.version }), problem };
};

/** Runs `work` over the items, `limit` at a time, answers in the items' order. */
const inOrder = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
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

/**
 * Bulk edit of up to 100 customers, each on its own condition (docs/api.md, "Bulk edit").
 *
 * Primary course: a new owner (`changes.ownerId`) is resolved once (an enabled user who may own customers); each
 * customer of `ids` then goes through `applyBulkChanges` (the customer update and transfer, one customer at a time,
 * each held to its version: the one sent, or the one read); the answer lists every customer in the order of `ids`
 * with its own status, and counts them. With an Idempotency-Key the answer is kept (24 h) and the same request
 * replays it without writing anything.
 *
 * Alternates (the whole request, nothing written): `ownerId` from a caller who may not transfer → Forbidden (403);
 * an owner who is not an enabled user who may own customers → InvalidOwner (400); the key reused with another body →
 * IdempotencyKeyReused (422). A customer's own refusal (404 / 409 / 412) is its item's answer, never the request's.
 */
export const bulkUpdateCustomers = async (
  deps: BulkDependencies,
  request: { caller: Caller; input: BulkUpdateInput; mayTransfer: boolean; idempotency?: IdempotencyRequest | undefined },
): Promise<BulkUpdateResult> => {
  const { caller, input } = request;
  if (input.changes.ownerId !== undefined && !request.mayTransfer) {
    throw new DomainError(ErrorCode.Forbidden, 'Your role may not transfer customers: leave out changes.ownerId.');
  }
  const now = deps.clock.now();
  if (request.idempotency) {
    const first = await deps.answers.find(request.idempotency, now);
    if (first !== undefined) return first as BulkUpdateResult;
  }
  const owner: BulkOwner | undefined = input.changes.ownerId === undefined ? undefined : await resolveOwner(deps.customer.directory, input.changes.ownerId);
  const items = await inOrder(input.ids, CONCURRENCY, async (ref) => {
    const customerId = idOfRef(ref);
    const version = typeof ref === 'string' ? undefined : ref.version;
    return itemResultOf(customerId, await applyBulkChanges(deps.customer, { caller, customerId, version, changes: input.changes, owner, reason: BULK_TRANSFER_REASON }));
  });
  const answer: BulkUpdateResult = {
    items,
    summary: {
      updated: items.filter((item) => item.status === 200 && !item.unchanged).length,
      unchanged: items.filter((item) => item.unchanged).length,
      failed: items.filter((item) => item.status !== 200).length,
    },
  };
  const claim = claimOf(request.idempotency, now);
  return claim ? deps.answers.keep(claim, answer) : answer;
};
