import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PaymentPromise } from '#shared/dunning/dunning';
import { claimOf } from '#shared/idempotency/idempotency';
import type { Caller, DunningDependencies } from './dunning.dependencies';
import type { CreateOutcome, IdempotencyRequest } from './dunning.ports';
import { busy, orderNotFound, STALE_READ_ATTEMPTS, visibleOrder } from './dunning.rules';
import type { CreateDunningNoteInput, DunningNote } from './dunning.schema';

const DAY = 86_400_000;
/** A promise further out than this is not a promise a reminder can hold the customer to. */
const MAX_PROMISE_DAYS = 366;

const invalid = (path: string, message: string, detail: string) =>
  new DomainError(ErrorCode.ValidationFailed, detail, { errors: [{ path, message }] });

/**
 * Record a dunning note (催款记录) on an order: how the customer was chased, and what they promised.
 *
 * Primary course:
 * 1. The order is read with its customer's current owner; it must be in the caller's scope (else 404).
 * 2. Without a promise: one transaction writes the note and its audit entry.
 * 3. With `promisedPayAt` (and `promisedAmount`, default the whole balance): the date must be in the future (within a
 *    year), the amount more than zero and at most the balance, the order open (not cancelled) with a balance. One
 *    transaction writes the note, the order's new promise (version + 1, conditional on the version read), the owner's
 *    reminder at `promisedPayAt` (replacing an earlier open promise's), and the audit entries. A payment that keeps
 *    the promise deletes the reminder in its own transaction (shared/dunning/receivable.writes.ts), so the reminder
 *    is delivered only when the promise is broken.
 *
 * Alternates: the order changed meanwhile → read again (a few times, then 503); the customer changed owner meanwhile
 * → 404. Same Idempotency-Key and request → the first answer.
 */
export const createDunningNote = async (
  deps: DunningDependencies,
  request: { caller: Caller; orderId: string; input: CreateDunningNoteInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<DunningNote>> => {
  const { caller, orderId, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const claim = claimOf(request.idempotency, now);
  const noteId = deps.ids.next();
  // A retried create answers its first answer, even when the state it was judged on has moved since.
  const first = claim ? await deps.dunning.storedAnswer(claim) : undefined;
  if (first) return { kind: 'replayed', value: first };
  if (input.promisedPayAt !== undefined) {
    if (input.promisedPayAt <= at) throw invalid('body.promisedPayAt', 'Must be in the future.', 'A promise to pay is for a date to come.');
    if (Date.parse(input.promisedPayAt) > now.getTime() + MAX_PROMISE_DAYS * DAY) {
      throw invalid('body.promisedPayAt', `At most ${MAX_PROMISE_DAYS} days ahead.`, 'A promise to pay more than a year ahead is not a promise.');
    }
  }
  for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
    const order = visibleOrder(caller, orderId, await deps.dunning.order(orderId));
    let promise: PaymentPromise | undefined;
    if (input.promisedPayAt !== undefined) {
      if (order.status === 'cancelled' || order.balance.amount === 0) {
        throw new DomainError(ErrorCode.InvalidTransition, `Order ${order.orderNo} has no balance to promise.`);
      }
      const amount = input.promisedAmount ?? order.balance;
      if (amount.currency !== order.balance.currency) {
        throw invalid('body.promisedAmount.currency', `Must be ${order.balance.currency}.`, `The order's balance is in ${order.balance.currency}.`);
      }
      if (amount.amount <= 0 || amount.amount > order.balance.amount) {
        throw invalid('body.promisedAmount.amount', `More than 0 and at most ${order.balance.amount}.`, `A promise is for part or all of the balance of ${order.balance.amount}.`);
      }
      promise = { noteId, promisedPayAt: input.promisedPayAt, promisedAmount: amount.amount, paidBefore: order.paidAmount.amount, status: 'open' };
    }
    const note: DunningNote = {
      id: noteId,
      orderId,
      customerId: order.customerId,
      method: input.method,
      note: input.note,
      ...(promise ? { promisedPayAt: promise.promisedPayAt, promisedAmount: { amount: promise.promisedAmount, currency: order.balance.currency } } : {}),
      version: 1,
      createdAt: at,
      createdBy: caller.username,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const outcome = await deps.dunning.addNote(
      { note, order, promise, ownerScope: caller.scope === 'own' ? caller.username : undefined, actor: { username: caller.username, at } },
      claim,
    );
    if (outcome === 'out-of-scope') throw orderNotFound(orderId);
    if (outcome !== 'stale') return outcome;
  }
  throw busy();
};
