import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { netTotalOf, orderNotFound } from '#functions/orders/order/order.rules';
import type { Order } from '#functions/orders/order/order.schema';
import type { Caller, CustomerInvoicingDetails } from './invoice.ports';
import type { InvoiceBuyer, InvoiceLine, InvoiceLineInput } from './invoice.schema';

/**
 * Rules of invoices (开票, docs/data-model.md "Invoices"): the tax to the fen, the amount of invoiced lines, the buyer
 * copied, how much of an order may still be invoiced, and the refusals. No AWS import.
 */

/** A rate in percent (two decimals at most) as basis points: 13 → 1300, 6.5 → 650. */
export const basisPointsOf = (ratePercent: number): number => Math.round(ratePercent * 100);

/** round-half-up(numerator / denominator) for non-negative integers, in BigInt (no float ever decides a fen). */
const roundHalfUp = (numerator: bigint, denominator: bigint): number => Number((2n * numerator + denominator) / (2n * denominator));

/**
 * The tax in an amount that includes it (价税合计): `taxAmount = round-half-up(amount × r / (10000 + r))` fen, `r` the rate
 * in basis points, computed in integers; `netAmount = amount − taxAmount`, so the two add up to the amount exactly.
 * 113.00 at 13 % → 100.00 + 13.00; 1.00 at 13 % → 0.88 + 0.12 (11.504… fen rounds to 12).
 */
export const taxOf = (amount: number, ratePercent: number): { netAmount: number; taxAmount: number } => {
  const r = BigInt(basisPointsOf(ratePercent));
  const taxAmount = roundHalfUp(BigInt(amount) * r, 10_000n + r);
  return { netAmount: amount - taxAmount, taxAmount };
};

/** What of the order may still be invoiced: its total net of credit notes (returns) less its invoices not voided. */
export const invoiceableOf = (order: Pick<Order, 'total' | 'creditedAmount' | 'invoicedAmount'>): number =>
  netTotalOf(order) - (order.invoicedAmount?.amount ?? 0);

/**
 * Invoiced lines: each product's share of its order lines' amounts (after their discounts),
 * `round-half-up(Σ amounts × quantity / Σ quantities)` fen. Refused (400 naming the line): a product not on the order,
 * more than ordered.
 */
export const invoiceLinesOf = (order: Pick<Order, 'lines'>, inputs: readonly InvoiceLineInput[]): InvoiceLine[] => {
  const errors: FieldError[] = [];
  const lines = inputs.flatMap((input, index) => {
    const ordered = order.lines.filter((line) => line.productId === input.productId);
    if (ordered.length === 0) {
      errors.push({ path: `body.lines.${index}.productId`, message: `Product ${input.productId} is not on the order.` });
      return [];
    }
    const quantity = ordered.reduce((sum, line) => sum + line.quantity, 0);
    const amount = ordered.reduce((sum, line) => sum + line.amount.amount, 0);
    if (input.quantity > quantity) {
      errors.push({ path: `body.lines.${index}.quantity`, message: `At most ${quantity} (ordered).` });
      return [];
    }
    const first = ordered[0]!;
    const share = roundHalfUp(BigInt(amount) * BigInt(input.quantity), BigInt(quantity));
    return [{ productId: first.productId, productCode: first.productCode, productName: first.productName, unit: first.unit, quantity: input.quantity, amount: { amount: share, currency: first.amount.currency } }];
  });
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some invoice lines are not valid; see errors.', { errors });
  return lines;
};

/** The buyer's details as the invoice keeps them: a copy, so a later change of the customer leaves issued invoices alone. */
export const buyerOf = (customer: CustomerInvoicingDetails): InvoiceBuyer => ({
  name: customer.name,
  ...(customer.nationalTaxNo ? { nationalTaxNo: customer.nationalTaxNo } : {}),
  ...(customer.localTaxNo ? { localTaxNo: customer.localTaxNo } : {}),
  ...(customer.address ? { address: customer.address } : {}),
  ...(customer.phone ? { phone: customer.phone } : {}),
  ...(customer.bank ? { bank: customer.bank } : {}),
  ...(customer.bankAccount ? { bankAccount: customer.bankAccount } : {}),
});

/**
 * The order's customer if the caller may invoice its orders (as readVisibleOrder: an account manager only while the
 * customer is theirs and not archived); otherwise OrderNotFound (404), like a missing order.
 */
export const visibleCustomer = (caller: Caller, orderId: string, customer: CustomerInvoicingDetails | undefined): CustomerInvoicingDetails => {
  if (!customer) throw orderNotFound(orderId);
  if (caller.scope === 'own' && (customer.archived || customer.ownerId !== caller.username)) throw orderNotFound(orderId);
  return customer;
};

/** 专票 needs the buyer's tax number (纳税人识别号: the national one, or else the local one). */
export const refuseSpecialWithoutTaxNo = (customer: CustomerInvoicingDetails): void => {
  if (customer.nationalTaxNo || customer.localTaxNo) return;
  throw new DomainError(ErrorCode.TaxNumberMissing, `Customer ${customer.name} has no tax number: a special invoice (专票) needs one.`, {
    errors: [{ path: 'body.type', message: 'A special invoice needs the customer’s tax number (nationalTaxNo or localTaxNo).' }],
  });
};

export const invoiceExceedsOrder = (order: Pick<Order, 'orderNo' | 'total' | 'creditedAmount' | 'invoicedAmount'>, amount: number): DomainError => {
  const left = Math.max(0, invoiceableOf(order));
  return new DomainError(
    ErrorCode.InvoiceExceedsOrder,
    `Order ${order.orderNo} totals ${order.total.amount} fen, ${order.creditedAmount?.amount ?? 0} credited by returns and ${order.invoicedAmount?.amount ?? 0} invoiced: ${amount} more would exceed it.`,
    { errors: [{ path: 'body.amount', message: `At most ${left} fen.` }] },
  );
};

export const invoiceNotFound = (invoiceId: string): DomainError => new DomainError(ErrorCode.InvoiceNotFound, `Invoice ${invoiceId} does not exist.`);

export const invoiceNumberTaken = (number: string): DomainError =>
  new DomainError(ErrorCode.InvoiceNumberTaken, `Invoice number ${number} is already in use.`, { errors: [{ path: 'body.number', message: 'Already in use.' }] });

/** `I261122-7KQ2M`: the issue day plus the last five characters of a fresh ULID (its random part), like order numbers. */
export const generateInvoiceNumber = (now: Date, id: string): string => `I${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.slice(-5)}`;

/**
 * The refusals invoices put on the order's own writes (functions/orders/order/): an order with invoices not voided is
 * not cancelled (void them first: an invoice of a cancelled sale would stand), and an edit of its lines may not bring
 * its total below what is invoiced. Both answer 409 with nothing written.
 */
export const refuseCancellingInvoiced = (order: Pick<Order, 'orderNo' | 'invoicedAmount'>): void => {
  if ((order.invoicedAmount?.amount ?? 0) === 0) return;
  throw new DomainError(ErrorCode.InvalidTransition, `Order ${order.orderNo} has invoices (${order.invoicedAmount!.amount} fen): void them before cancelling it.`);
};

export const refuseTotalBelowInvoiced = (order: Pick<Order, 'orderNo' | 'invoicedAmount'>, total: number): void => {
  const invoiced = order.invoicedAmount?.amount ?? 0;
  if (total >= invoiced) return;
  throw new DomainError(ErrorCode.InvoiceExceedsOrder, `Order ${order.orderNo} is invoiced for ${invoiced} fen: its total may not fall below it.`, {
    errors: [{ path: 'body.lines', message: `The total may not fall below ${invoiced} fen (invoiced; void invoices first).` }],
  });
};
