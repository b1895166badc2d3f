import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller } from '#shared/auth/caller';
import type { DuplicatePairDependencies } from './duplicates.ports';
import type { DuplicatePairView } from './duplicates.schema';
import { pairViewOf } from './list-duplicate-pairs.use-case';

/**
 * Dismiss a duplicate pair: the two customers are different companies; the pair stops showing.
 *
 * Primary course: the pair still has the version the caller read (If-Match); it is marked dismissed (by, at), its
 * version goes up by one and it leaves the open list. Detected again later (a new import), it stays dismissed.
 *
 * Alternates: no such pair, or one of its customers archived → DuplicatePairNotFound (404); another version →
 * VersionConflict (412). Dismissing it again with the version it has now answers it unchanged (a retried request).
 */
export const dismissDuplicatePair = async (
  deps: DuplicatePairDependencies,
  request: { caller: Caller; pairId: string; expectedVersion: number },
): Promise<DuplicatePairView> => {
  const notFound = () => new DomainError(ErrorCode.DuplicatePairNotFound, `Duplicate pair ${request.pairId} does not exist.`);
  const stale = (version: number) =>
    new DomainError(ErrorCode.VersionConflict, `Duplicate pair ${request.pairId} has changed since you read it (now version ${version}); read it again.`);
  const existing = await deps.pairs.get(request.pairId);
  if (!existing) throw notFound();
  const customers = await deps.pairs.customers(existing.customerIds);
  if (!pairViewOf(existing, customers)) throw notFound();
  if (existing.version !== request.expectedVersion) throw stale(existing.version);
  if (existing.status === 'dismissed') return pairViewOf(existing, customers)!;
  const pair = await deps.pairs.dismiss(request.pairId, request.expectedVersion, { username: request.caller.username, at: deps.clock.now().toISOString() });
  if (!pair) throw stale(existing.version + 1);
  return pairViewOf(pair, customers)!;
};
