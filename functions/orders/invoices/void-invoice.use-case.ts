import { DomainError, ErrorCode } from '#shared/core/errors';
import { busy, money, ownerScopeOf, pauseBeforeRetry, STALE_READ_ATTEMPTS } from '#functions/orders/order/order.rules';
import type { Order } from '#functions/orders/order/order.schema';
import { readVisibleOrder } from '#functions/orders/shipments/shipment.rules';
import type { Caller, InvoicesDependencies } from './invoice.ports';
import { invoiceNotFound } from './invoice.rules';
import type { Invoice, VoidInvoiceInput } from './invoice.schema';

/**
 * Void an invoice (作废): issued → void; the order's invoiced amount falls by it, so the order may be invoiced again.
 * The number stays taken (an invoice number is never reused) and the invoice stays listed, marked void.
 *
 * Primary course:
 * 1. The order is read (an account manager's only while its customer is theirs), then the invoice; its version must be
 *    the If-Match and it must be issued.
 * 2. ONE transaction writes the invoice as void (conditional on the version and status read), the order's
 *    `invoicedAmount` less its amount and the order's version (conditional on the version read) with its summary, and
 *    the audit entries (with the reason, when given).
 *
 * Alternates: order or invoice missing or out of scope → 404; stale If-Match → VersionConflict (412); void already →
 * InvalidTransition (409). The order changed between the read and the write (a payment, a shipment) → read again (a few
 * times, then 503). Nothing is written on any refusal.
 */
export const voidInvoice = async (
  deps: InvoicesDependencies,
  request: { caller: Caller; orderId: string; invoiceId: string; input: VoidInvoiceInput; expectedVersion: number },
): Promise<Invoice> => {
  const { caller, orderId, invoiceId, expectedVersion } = request;
  const at = deps.clock.now().toISOString();
  const ownerScope = ownerScopeOf(caller);
  for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
    const { payments: _payments, ...current } = await readVisibleOrder(deps, caller, orderId);
    const previous = await deps.invoices.get(orderId, invoiceId);
    if (!previous) throw invoiceNotFound(invoiceId);
    if (previous.version !== expectedVersion) {
      throw new DomainError(ErrorCode.VersionConflict, `Invoice ${previous.number} has changed since you read it (now version ${previous.version}); read it again.`);
    }
    if (previous.status !== 'issued') throw new DomainError(ErrorCode.InvalidTransition, `Invoice ${previous.number} is void already.`);
    const next: Order = {
      ...current,
      invoicedAmount: money(Math.max(0, (current.invoicedAmount?.amount ?? 0) - previous.amount.amount)),
      version: current.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const invoice: Invoice = {
      ...previous,
      status: 'void',
      voidedAt: at,
      ...(request.input.reason ? { voidReason: request.input.reason } : {}),
      orderVersion: next.version,
      version: previous.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const outcome = await deps.invoices.void({ current, next, invoice, previous, ...(ownerScope ? { ownerScope } : {}) });
    if (outcome.kind === 'voided') return invoice;
    if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
  }
  throw busy();
};
