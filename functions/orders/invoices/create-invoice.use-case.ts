import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, money, notInTheFuture, orderNotFound, ownerScopeOf, replayOnRefusal, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import type { Order } from '#functions/orders/order/order.schema';
import { orderVersionConflict } from '#functions/orders/shipments/shipment.rules';
import type { Caller, CreateOutcome, InvoicesDependencies } from './invoice.ports';
import { buyerOf, generateInvoiceNumber, invoiceableOf, invoiceExceedsOrder, invoiceLinesOf, refuseSpecialWithoutTaxNo, taxOf, visibleCustomer } from './invoice.rules';
import type { CreateInvoiceInput, Invoice } from './invoice.schema';

/** A generated number that meets one in use is drawn again this many times (a given one is refused at once). */
const GENERATED_NUMBER_ATTEMPTS = 3;

/**
 * Issue an invoice (开票) for an order: 普票 or 专票, a tax rate, the amount tax included (given, or the invoiced
 * products' share of the order lines), the tax to the fen, and the customer's tax and bank details COPIED now.
 *
 * Primary course:
 * 1. The order is read (one Query of its collection) and its customer (one GetItem: the details to copy, and the
 *    scope — an account manager's only while the customer is theirs); the order's version must be the If-Match.
 * 2. The order is not cancelled; `issuedAt` is neither in the future nor before the order's day; a special invoice
 *    needs the customer's tax number; this invoice and the order's invoices not voided stay within the order's total
 *    net of its credit notes (returns).
 * 3. ONE transaction writes the invoice (on its customer's index), its number's sentinel, the order's
 *    `invoicedAmount` and version (conditional on the If-Match) and its summary, the idempotency record and the audit
 *    entries (the invoice's issue, the order's change). The answer's `orderVersion` is the order's new version.
 *
 * Alternates: order missing or out of scope → OrderNotFound (404); stale If-Match, or another write of the order won →
 * VersionConflict (412); cancelled → InvalidTransition (409); over what may be invoiced → InvoiceExceedsOrder (409);
 * special without a tax number → TaxNumberMissing (409); a product not on the order or more than ordered → 400; a number
 * given that is in use → InvoiceNumberTaken (409; a generated one is drawn again). Same Idempotency-Key and request → the
 * first answer. Nothing is written on any refusal.
 */
export const createInvoice = async (
  deps: InvoicesDependencies,
  request: { caller: Caller; orderId: string; input: CreateInvoiceInput; expectedVersion: number; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<Invoice>> => {
  const { caller, orderId, input, expectedVersion } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  notInTheFuture(input.issuedAt, now, 'body.issuedAt');
  const claim = claimOf(request.idempotency, now);
  const invoiceId = deps.ids.next();
  const ownerScope = ownerScopeOf(caller);

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    const read = await deps.orders.get(orderId);
    if (!read) throw orderNotFound(orderId);
    const { payments: _payments, ...current } = read;
    const customer = visibleCustomer(caller, orderId, await deps.invoices.customer(current.customerId));
    if (current.version !== expectedVersion) throw orderVersionConflict(current.id, current.version);
    if (current.status === 'cancelled') throw new DomainError(ErrorCode.InvalidTransition, `Order ${current.orderNo} is cancelled: it takes no invoices.`);
    // By day: a date without a time (midnight UTC) on the order's own day is not "before" it.
    if (input.issuedAt < current.orderedAt.slice(0, 10)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'An invoice cannot be issued before its order.', {
        errors: [{ path: 'body.issuedAt', message: `Not before the order's day ${current.orderedAt.slice(0, 10)}.` }],
      });
    }
    if (input.type === 'special') refuseSpecialWithoutTaxNo(customer);
    const lines = input.lines ? invoiceLinesOf(current, input.lines) : undefined;
    const amount = input.amount?.amount ?? (lines ?? []).reduce((sum, line) => sum + line.amount.amount, 0);
    if (amount > invoiceableOf(current)) throw invoiceExceedsOrder(current, amount);
    // A line's share of a free line is 0 fen: an invoice of nothing is no invoice.
    if (amount <= 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'The invoice would amount to nothing.', { errors: [{ path: 'body.lines', message: 'The lines invoiced amount to 0 fen.' }] });
    }
    const { netAmount, taxAmount } = taxOf(amount, input.taxRate);
    const next: Order = {
      ...current,
      invoicedAmount: money((current.invoicedAmount?.amount ?? 0) + amount),
      version: current.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    for (let attempt = 1; ; attempt += 1) {
      const invoice: Invoice = {
        id: invoiceId,
        number: input.number ?? generateInvoiceNumber(now, attempt === 1 ? invoiceId : deps.ids.next()),
        orderId: current.id,
        orderNo: current.orderNo,
        customerId: current.customerId,
        type: input.type,
        status: 'issued',
        taxRate: input.taxRate,
        amount: money(amount),
        netAmount: money(netAmount),
        taxAmount: money(taxAmount),
        issuedAt: input.issuedAt,
        ...(lines ? { lines } : {}),
        buyer: buyerOf(customer),
        orderVersion: next.version,
        version: 1,
        createdAt: at,
        createdBy: caller.username,
        updatedAt: at,
        updatedBy: caller.username,
      };
      try {
        return await deps.invoices.issue({ current, next, invoice, ...(ownerScope ? { ownerScope } : {}) }, claim);
      } catch (error) {
        const taken = error instanceof DomainError && error.code === ErrorCode.InvoiceNumberTaken;
        if (!taken || input.number !== undefined || attempt >= GENERATED_NUMBER_ATTEMPTS) throw error;
      }
    }
  });
};
