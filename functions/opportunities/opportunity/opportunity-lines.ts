import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { MAX_SUMMED_AMOUNT, type Money } from '#shared/core/schema-primitives';
import type { OpportunityLine, OpportunityLineInput } from './opportunity.schema';

/** What a line needs of its product (read by the use case, product.entity.ts of the orders feature). */
export interface ProductRef {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly unitPrice: Money;
  readonly active: boolean;
}

const CURRENCY = 'CNY';

/**
 * The stored lines and the estimated amount they make (issue 20): each line's amount is quantity × unit price
 * (given, else the product's) − discount, in exact integer fen; the estimate is their sum. Refused (400, one error
 * per offending field, nothing written): a product that does not exist or is inactive, a discount above the line's
 * gross amount, a line or total beyond the largest summable amount.
 */
export const linesOf = (
  input: readonly OpportunityLineInput[],
  products: ReadonlyMap<string, ProductRef>,
): { lines: OpportunityLine[]; estimatedAmount: Money } => {
  const errors: FieldError[] = [];
  const lines: OpportunityLine[] = [];
  let total = 0;
  input.forEach((line, index) => {
    const product = products.get(line.productId);
    const path = `body.lines.${index}`;
    if (!product || !product.active) {
      errors.push({ path: `${path}.productId`, message: product ? `Product ${line.productId} is inactive.` : `No product ${line.productId}.` });
      return;
    }
    const unitPrice = line.unitPrice ?? product.unitPrice;
    const discount = line.discount ?? { amount: 0, currency: CURRENCY };
    const gross = line.quantity * unitPrice.amount;
    if (gross > MAX_SUMMED_AMOUNT) {
      errors.push({ path: `${path}.quantity`, message: `The line is above ${MAX_SUMMED_AMOUNT} fen.` });
      return;
    }
    if (discount.amount > gross) {
      errors.push({ path: `${path}.discount`, message: 'The discount is more than the line (quantity × unit price).' });
      return;
    }
    const amount = gross - discount.amount;
    total += amount;
    lines.push({
      productId: product.id,
      productCode: product.code,
      productName: product.name,
      quantity: line.quantity,
      unitPrice: { amount: unitPrice.amount, currency: CURRENCY },
      discount: { amount: discount.amount, currency: CURRENCY },
      amount: { amount, currency: CURRENCY },
    });
  });
  if (errors.length === 0 && total > MAX_SUMMED_AMOUNT) errors.push({ path: 'body.lines', message: `The lines add up to more than ${MAX_SUMMED_AMOUNT} fen.` });
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
  return { lines, estimatedAmount: { amount: total, currency: CURRENCY } };
};

/** An estimated amount sent for an opportunity that has lines: refused, the amount is theirs. */
export const amountOwnedByLines = (): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', {
    errors: [{ path: 'body.estimatedAmount', message: 'The estimated amount is computed from the lines; change the lines, or remove them (lines: null) first.' }],
  });
