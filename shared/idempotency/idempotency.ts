/**
 * Idempotent creates (docs/api.md): a create that carries an `Idempotency-Key` stores its first answer
 * under (caller, operation, key) in its own transaction; the same key and request replay it, another request with
 * the key is refused (422). No AWS import here: use cases build the claim, repositories write it
 * (shared/idempotency/idempotency.writes.ts).
 */

/** The key as the transport read it (`idempotencyOf`, shared/http/request.ts). */
export interface IdempotencyRequest {
  readonly username: string;
  readonly operationId: string;
  readonly key: string;
  /** Hash of the request; the same key with another request is refused. */
  readonly fingerprint: string;
}

export interface IdempotencyClaim extends IdempotencyRequest {
  /** Epoch seconds (the record's TTL): it counts until then. */
  readonly expiresAt: number;
}

/** Idempotency records are kept for a day (docs/api.md). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export const claimOf = (request: IdempotencyRequest | undefined, now: Date): IdempotencyClaim | undefined =>
  request && { ...request, expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS };
