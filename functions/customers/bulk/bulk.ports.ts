import type { IdempotencyClaim, IdempotencyRequest } from '#shared/idempotency/idempotency';

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
