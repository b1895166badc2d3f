import { createHash } from 'node:crypto';
import { loadConfig } from '#shared/core/config';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { createCursorCodec, queryFingerprint, type CursorCodec, type PageKey } from '#shared/http/cursor';
import type { IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { ApiEvent } from '#shared/http/middleware';
import type { PortalOperationId } from '#shared/routes';
import type { PortalSession } from './portal-session';

/**
 * The transport helpers of the portal routes (the staff ones in shared/http/request.ts read a staff principal): list
 * cursors bound to the operation, the customer and the filters; and the Idempotency-Key of a portal create, keyed by
 * the portal actor.
 */

let codec: CursorCodec | undefined;
const cursors = (): CursorCodec => (codec ??= createCursorCodec(loadConfig().CURSOR_SIGNING_KEY));

/** A cursor of one customer's list is refused (400) in another customer's session, another list, or other filters. */
export const portalPagingOf = (operationId: PortalOperationId, session: PortalSession, filters: Record<string, unknown>, cursor: string | undefined) => {
  const fingerprint = queryFingerprint([operationId, session.user.customerId, filters]);
  return {
    startKey: cursor === undefined ? undefined : cursors().decode(cursor, fingerprint),
    nextCursor: (lastKey: PageKey | undefined): string | null => (lastKey ? cursors().encode(lastKey, fingerprint) : null),
  };
};

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The `Idempotency-Key` of a portal create: the same key and body replay the first answer (shared/idempotency/). */
export const portalIdempotencyOf = (
  event: ApiEvent<unknown, unknown, unknown>,
  operationId: PortalOperationId,
  actor: string,
): IdempotencyRequest | undefined => {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Idempotency-Key must be 8–128 letters, digits, or _ . : -', {
      errors: [{ path: 'headers.idempotency-key', message: 'Invalid format.' }],
    });
  }
  const fingerprint = createHash('sha256').update(JSON.stringify({ path: event.rawPath, body: event.crm.body ?? null })).digest('base64url');
  return { username: actor, operationId, key, fingerprint };
};
