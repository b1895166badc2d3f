import { createHash } from 'node:crypto';
import type { Caller } from '#shared/auth/caller';
import { loadConfig } from '#shared/core/config';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { createCursorCodec, queryFingerprint, type CursorCodec, type PageKey } from './cursor';
import type { ApiEvent } from './middleware';

/** Small transport helpers shared by route handlers. */


export const callerOf = (event: ApiEvent<unknown, unknown, unknown>): Caller => ({
  username: event.crm.principal.username,
  scope: event.crm.scope,
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Stable JSON: object keys sorted, so the same request always hashes the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** The `Idempotency-Key` of a create, with a fingerprint of what was asked (path and validated body). */
export const idempotencyOf = (event: ApiEvent<unknown, unknown, unknown>) => {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Idempotency-Key must be 8–128 letters, digits, or _ . : -', {
      errors: [{ path: 'headers.idempotency-key', message: 'Invalid format.' }],
    });
  }
  const fingerprint = createHash('sha256')
    .update(canonical({ path: event.rawPath, params: event.crm.params ?? null, body: event.crm.body ?? null }))
    .digest('base64url');
  return { username: event.crm.principal.username, operationId: event.crm.route.operationId, key, fingerprint };
};

let codec: CursorCodec | undefined;
const cursors = (): CursorCodec => (codec ??= createCursorCodec(loadConfig().CURSOR_SIGNING_KEY));

/**
 * Binds list cursors to the query they came from: the operation, the filters, and — for callers limited to
 * their own records — the caller, so a cursor cannot be replayed into another query or by another user.
 */
export const pagingOf = (
  event: ApiEvent<unknown, unknown, unknown>,
  filters: Record<string, unknown>,
  cursor: string | undefined,
) => {
  const fingerprint = queryFingerprint([
    event.crm.route.operationId,
    event.crm.params ?? null,
    filters,
    event.crm.scope === 'own' ? event.crm.principal.username : '*',
  ]);
  return {
    startKey: cursor === undefined ? undefined : cursors().decode(cursor, fingerprint),
    nextCursor: (lastKey: PageKey | undefined): string | null => (lastKey ? cursors().encode(lastKey, fingerprint) : null),
  };
};
