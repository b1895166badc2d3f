import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { MAX_SUMMED_AMOUNT, type Money } from '#shared/core/schema-primitives';
import type { CreateOutcome, CustomerSnapshot, IdempotencyClaim, IdempotencyStore, StockMove } from './order.ports';
import { MAX_ORDER_LINES, type OrderLine, type OrderLineInput, type OrderStatus, type PaymentStatus } from './order.schema';
import { ACCOUNTING_CURRENCY, type Product } from '#functions/orders/products/product.schema';

/** Rules shared by the order use cases: pricing, status moves, payment status, periods, transaction sizes. */

export const money = (amount: number): Money => ({ amount, currency: ACCOUNTING_CURRENCY });

/**
 * DynamoDB's limit of items per TransactWriteItems, and what a placement puts in one: the order, its summary,
 * its number sentinel, the customer, the year aggregate, the receivables item, the recent-orders projection and
 * the idempotency record, up to two lost-customer items (the recovered record and its churn aggregate), up to two
 * audit entries (the order's creation, the lost-customer record's recovery), plus one item per distinct product:
 * 12 + 50 = 62 ≤ 100. A cancellation needs 7 + 50 (order, summary, customer, aggregate, receivables, recent orders,
 * audit entry + the products); a payment at most 9 (with its two audit entries: the payment, the order's figures).
 * The products' stock moves by an order have no entries of their own (50 more would not fit): the order's entry
 * names every line's product and quantity.
 */
export const MAX_TRANSACTION_ITEMS = 100;
export const PLACEMENT_FIXED_ITEMS = 12;
export const CANCELLATION_FIXED_ITEMS = 7;
if (Math.max(PLACEMENT_FIXED_ITEMS, CANCELLATION_FIXED_ITEMS) + MAX_ORDER_LINES > MAX_TRANSACTION_ITEMS) {
  throw new Error('MAX_ORDER_LINES does not fit one order placement in a transaction');
}

/** A programming error, not input: MAX_ORDER_LINES keeps every order write below the limit. */
export const assertFitsOneTransaction = (count: number): void => {
  if (count > MAX_TRANSACTION_ITEMS) throw new Error(`transaction of ${count} items exceeds ${MAX_TRANSACTION_ITEMS}`);
};

/** How far a client clock may run ahead before a business date counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export const notInTheFuture = (value: string, now: Date, path: string): void => {
  if (value > new Date(now.getTime() + CLOCK_SKEW_MS).toISOString()) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A business date cannot lie in the future.', {
      errors: [{ path, message: 'Not in the future.' }],
    });
  }
};

// ------------------------------------------------------------------------------------------- scope

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

export const orderNotFound = (orderId: string): DomainError =>
  new DomainError(ErrorCode.OrderNotFound, `Order ${orderId} does not exist.`);

/** Archived customers and, for account managers, other owners' customers look exactly like missing ones. */
export const customerVisibleTo = (caller: Caller, customer: CustomerSnapshot | undefined): customer is CustomerSnapshot =>
  customer !== undefined && !customer.archived && (caller.scope === 'all' || customer.ownerId === caller.username);

export const ownerScopeOf = (caller: Caller): string | undefined => (caller.scope === 'own' ? caller.username : undefined);

// ------------------------------------------------------------------------------------------- pricing

export interface PricedOrder {
  readonly lines: OrderLine[];
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly total: number;
  readonly stock: StockMove[];
}

const validation = (errors: FieldError[]): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some order lines are not valid; see errors.', { errors });

/**
 * Prices the lines: unit price from the product unless a manager overrides it, amount = quantity × unit price
 * − discount (never negative), all in integer minor units that must stay exact (safe integers).
 *
 * Refusals, all before anything is written: unknown product or a price override by an account manager or a
 * discount above the line → 400 naming each line; inactive product → 409; not enough stock as read → 409 naming
 * the product (the transaction's condition is the real guard; this only fails fast).
 */
export const priceOrder = (caller: Caller, inputs: readonly OrderLineInput[], products: ReadonlyMap<string, Product>): PricedOrder => {
  const errors: FieldError[] = [];
  inputs.forEach((line, index) => {
    if (line.unitPrice !== undefined && caller.scope === 'own') {
      errors.push({ path: `body.lines.${index}.unitPrice`, message: 'Only managers may override the unit price.' });
    }
    if (!products.has(line.productId)) errors.push({ path: `body.lines.${index}.productId`, message: `No product ${line.productId}.` });
  });
  if (errors.length > 0) throw validation(errors);

  const inactive = inputs.flatMap((line, index) => {
    const product = products.get(line.productId)!;
    return product.active ? [] : [{ index, product }];
  });
  if (inactive.length > 0) {
    throw new DomainError(
      ErrorCode.ProductInactive,
      `Product ${inactive.map(({ product }) => `${product.code} (${product.name})`).join(', ')} is no longer sold.`,
      { errors: inactive.map(({ index, product }) => ({ path: `body.lines.${index}.productId`, message: `Product ${product.code} is inactive.` })) },
    );
  }

  const lines: OrderLine[] = [];
  let subtotal = 0;
  let discountTotal = 0;
  inputs.forEach((line, index) => {
    const product = products.get(line.productId)!;
    const unitPrice = line.unitPrice?.amount ?? product.unitPrice.amount;
    const discount = line.discount?.amount ?? 0;
    const gross = line.quantity * unitPrice;
    if (!Number.isSafeInteger(gross)) {
      errors.push({ path: `body.lines.${index}.quantity`, message: 'The line amount is too large.' });
      return;
    }
    if (discount > gross) {
      errors.push({ path: `body.lines.${index}.discount`, message: `The discount exceeds the line's ${gross} before discount.` });
      return;
    }
    subtotal += gross;
    discountTotal += discount;
    lines.push({
      lineNo: index + 1,
      productId: product.id,
      productCode: product.code,
      productName: product.name,
      unit: product.unit,
      quantity: line.quantity,
      unitPrice: money(unitPrice),
      discount: money(discount),
      amount: money(gross - discount),
    });
  });
  // Customers' lifetime value, contribution and receivables add order totals up: keep each within the cap.
  if (!Number.isSafeInteger(subtotal) || subtotal > MAX_SUMMED_AMOUNT) {
    errors.push({ path: 'body.lines', message: `The order total is too large: at most ${MAX_SUMMED_AMOUNT} minor units.` });
  }
  if (errors.length > 0) throw validation(errors);

  const byProduct = new Map<string, StockMove>();
  inputs.forEach((line, index) => {
    const product = products.get(line.productId)!;
    const seen = byProduct.get(product.id);
    byProduct.set(product.id, {
      productId: product.id,
      productCode: product.code,
      quantity: (seen?.quantity ?? 0) + line.quantity,
      expectedVersion: product.version,
      lineIndex: seen?.lineIndex ?? index,
    });
  });
  const stock = [...byProduct.values()];
  const short = stock.filter((move) => move.quantity > products.get(move.productId)!.stockOnHand);
  if (short.length > 0) throw insufficientStock(short.map((move) => ({ move, onHand: products.get(move.productId)!.stockOnHand })));

  return { lines, subtotal, discountTotal, total: subtotal - discountTotal, stock };
};

/** 409 naming each product that lacks stock (and, when known, how much is on hand). */
export const insufficientStock = (shortages: readonly { move: StockMove; onHand?: number }[]): DomainError =>
  new DomainError(
    ErrorCode.InsufficientStock,
    `Not enough stock of ${shortages
      .map(({ move, onHand }) => `${move.productCode} (${move.quantity} wanted${onHand === undefined ? '' : `, ${onHand} on hand`})`)
      .join(', ')}.`,
    {
      errors: shortages.map(({ move, onHand }) => ({
        path: `body.lines.${move.lineIndex}.quantity`,
        message: `Not enough stock of product ${move.productCode} (${move.productId})${onHand === undefined ? '' : `: ${onHand} on hand`}.`,
      })),
    },
  );

// ------------------------------------------------------------------------------------------- status and payments

/** placed → shipped → delivered; placed or shipped → cancelled. Nothing leaves delivered or cancelled. */
export const STATUS_MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['shipped', 'cancelled'],
  shipped: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export const paymentStatusOf = (total: number, paid: number): PaymentStatus =>
  paid >= total ? 'paid' : paid === 0 ? 'unpaid' : 'partial';

/** What the customer owes for an order in all: its total less the credit notes of its returns. */
export const netTotalOf = (order: { total: Money; creditedAmount?: Money | undefined }): number => order.total.amount - (order.creditedAmount?.amount ?? 0);

/**
 * An order's balance and payment status for a paid amount: the net total less it, never below zero (what is paid
 * beyond the net total after a return is refundable, not a negative balance).
 */
export const settlementOf = (netTotal: number, paid: number): { balance: Money; paymentStatus: PaymentStatus } => ({
  balance: money(Math.max(0, netTotal - paid)),
  paymentStatus: paymentStatusOf(netTotal, paid),
});

/** `2026-11-22T08:00:00.000Z` → year `2026`, month `11`: the aggregate period of an order. */
export const periodOf = (orderedAt: string): { year: string; month: string } => ({
  year: orderedAt.slice(0, 4),
  month: orderedAt.slice(5, 7),
});

/** `O261122-7KQ2M`: the day plus five characters of a fresh ULID, like customer numbers. */
export const generateOrderNo = (now: Date, id: string): string =>
  `O${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.slice(-5)}`;

// ------------------------------------------------------------------------------------------- idempotency

export { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';

/**
 * A create that carries an Idempotency-Key and is refused may be the retry of one that succeeded and changed
 * the state it is judged against (the stock it took, the balance it paid): answer the first answer instead.
 */
export const replayOnRefusal = async <T>(
  idempotency: IdempotencyStore,
  claim: IdempotencyClaim | undefined,
  now: Date,
  work: () => Promise<CreateOutcome<T>>,
): Promise<CreateOutcome<T>> => {
  try {
    return await work();
  } catch (error) {
    const refusal = error instanceof DomainError && error.code !== ErrorCode.ServiceBusy && error.code !== ErrorCode.IdempotencyKeyReused;
    if (!claim || !refusal) throw error;
    const first = await idempotency.find(claim, now);
    if (first === undefined) throw error;
    return { kind: 'replayed', value: first as T };
  }
};

/** Optimistic reads retried this many times before the caller is asked to retry (503). */
export const STALE_READ_ATTEMPTS = 8;

/**
 * Waits before reading again after losing an optimistic race: "full jitter" backoff — a random wait up to
 * min(250 ms, 10 ms · 2^attempt), so at most ~1.2 s over all attempts, far inside API Gateway's 30 s. Without
 * it the writers that collided re-read and collide again at once: `npm run bench:load` saw placements on one
 * customer (its recent-orders projection moves with every order and payment) lose all five immediate retries.
 */
export const pauseBeforeRetry = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));

export const busy = (): DomainError =>
  new DomainError(ErrorCode.ServiceBusy, 'The records changed too often while we worked; retry after a moment.', { retryAfterSeconds: 1 });
