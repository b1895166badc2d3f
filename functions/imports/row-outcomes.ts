import { createHash } from 'node:crypto';
import type { Caller } from '#shared/auth/caller';
import type { FieldError } from '#shared/core/errors';
import type { IdempotencyRequest } from '#shared/idempotency/idempotency';

/** A schema's issues as a row's field errors (`row` when an issue names no field). */
export const zodErrors = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'row', message: issue.message }));

/**
 * The per-row idempotency key: the same row (same values, same target) imported again by the same user replays the
 * first create, never doubles it. `operationId` keeps the entities apart.
 */
export const rowClaim = (caller: Caller, operationId: string, input: Record<string, unknown>): IdempotencyRequest => {
  const digest = createHash('sha256').update(JSON.stringify(Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1)))).digest('base64url');
  return { username: caller.username, operationId, key: `row:${digest}`, fingerprint: digest };
};
