import type { BulkAnswers } from '#functions/customers/bulk/bulk.ports';
import { idempotencyKeyReused } from '#shared/idempotency/idempotency.writes';

/** Bulk edits' kept answers by (caller, operation, key), as the idempotency records hold them. */
export const inMemoryBulkAnswers = (): BulkAnswers & { readonly kept: Map<string, { fingerprint: string; answer: unknown }> } => {
  const kept = new Map<string, { fingerprint: string; answer: unknown }>();
  const keyOf = (request: { username: string; operationId: string; key: string }) => `${request.username}#${request.operationId}#${request.key}`;
  return {
    kept,
    find: async (request) => {
      const found = kept.get(keyOf(request));
      if (found && found.fingerprint !== request.fingerprint) throw idempotencyKeyReused();
      return found?.answer;
    },
    keep: async (claim, answer) => {
      const found = kept.get(keyOf(claim));
      if (found) return found.answer as typeof answer;
      kept.set(keyOf(claim), { fingerprint: claim.fingerprint, answer: structuredClone(answer) });
      return answer;
    },
  };
};
