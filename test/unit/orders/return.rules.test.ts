import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, OrderLine } from '#functions/orders/order/order.schema';
import { allocateReturn, creditOf, creditNoteNumberOf, deliveredQuantities, restockOf, returnableQuantities } from '#functions/orders/returns/return.rules';
import { ErrorCode } from '#shared/core/errors';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const APPLE = '01JAPPLE0000000000000000AA';
const PEAR = '01JPEAR00000000000000000AA';

const line = (lineNo: number, productId: string, quantity: number, unitPrice: number, discount = 0, returnedQuantity?: number): OrderLine => ({
  lineNo,
  productId,
  productCode: productId === APPLE ? 'P-APPLE' : 'P-PEAR',
  productName: productId === APPLE ? 'Apple' : 'Pear',
  unit: 'pcs',
  quantity,
  unitPrice: cny(unitPrice),
  discount: cny(discount),
  amount: cny(quantity * unitPrice - discount),
  ...(returnedQuantity === undefined ? {} : { returnedQuantity }),
});

const orderOf = (lines: OrderLine[], status: Order['status'] = 'delivered'): Order => {
  const total = lines.reduce((sum, item) => sum + item.amount.amount, 0);
  return {
    id: '01JORDER0000000000000000AA', orderNo: 'O261207-ABCDE', customerId: '01JCUSTOMER0000000000000AA', customerName: 'C', status,
    orderedAt: '2026-11-01T00:00:00.000Z', deliveryAddress: 'x', lines, subtotal: cny(total), discountTotal: cny(0), total: cny(total),
    paidAmount: cny(0), balance: cny(total), paymentStatus: 'unpaid', version: 3,
    createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'admin', updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: 'admin',
  };
};

describe('returns: what may be returned and the credit it earns', () => {
  it('credits returned units at the line’s net unit price, exact to the fen', () => {
    // Prepare: 3 × 100.00 less a 1.00 discount = 299.00, i.e. 99.666… a unit.
    const order = orderOf([line(1, APPLE, 3, 100_00, 1_00), line(2, PEAR, 4, 25_00)]);

    // Act
    const allocated = allocateReturn(order, [{ productId: APPLE, quantity: 1 }, { productId: PEAR, quantity: 2 }]);

    // Assess: 299.00 / 3 rounded half up = 99.67; 2 × 25.00 = 50.00.
    expect(allocated.lines.map((item) => [item.lineNo, item.quantity, item.amount.amount])).toEqual([[1, 1, 99_67], [2, 2, 50_00]]);
    expect(allocated.credit).toBe(149_67);
    expect(allocated.orderLines.map((item) => item.returnedQuantity)).toEqual([1, 2]);
  });

  it('credits exactly the line’s amount however the line is returned in parts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 12 }),
        (quantity, unitPrice, rawDiscount, parts) => {
          const item = line(1, APPLE, quantity, unitPrice, Math.min(rawDiscount, quantity * unitPrice));
          let returned = 0;
          let credited = 0;
          for (const part of parts) {
            const units = Math.min(part, quantity - returned);
            if (units === 0) break;
            const credit = creditOf(item, returned, units);
            expect(Number.isSafeInteger(credit) && credit >= 0).toBe(true);
            credited += credit;
            returned += units;
          }
          if (returned < quantity) credited += creditOf(item, returned, quantity - returned);
          expect(credited).toBe(item.amount.amount);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes a product’s units from its lines first line first, up to each line’s returnable units', () => {
    // Prepare: the apple on two lines, the first with 2 of its 5 units returned already.
    const order = orderOf([line(1, APPLE, 5, 10_00, 0, 2), line(2, PEAR, 1, 5_00), line(3, APPLE, 2, 0)]);

    // Act
    const allocated = allocateReturn(order, [{ productId: APPLE, quantity: 3 }, { productId: APPLE, quantity: 1 }]);

    // Assess: 3 more of line 1 (30.00), then 1 of the free line 3.
    expect(allocated.lines.map((item) => [item.lineNo, item.quantity, item.amount.amount])).toEqual([[1, 3, 30_00], [3, 1, 0]]);
    expect(allocated.orderLines.map((item) => item.returnedQuantity)).toEqual([5, undefined, 1]);
    expect(restockOf(allocated.lines)).toEqual(new Map([[APPLE, 4]]));
  });

  it('refuses a product not on the order (400), more than returnable (409), an order not delivered or all returned (409)', () => {
    const order = orderOf([line(1, APPLE, 2, 10_00, 0, 1)]);

    expect(() => allocateReturn(order, [{ productId: PEAR, quantity: 1 }])).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    expect(() => allocateReturn(order, [{ productId: APPLE, quantity: 2 }])).toThrow(
      expect.objectContaining({ code: ErrorCode.ReturnExceedsDelivered, details: expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.lines.0.quantity' })] }) }),
    );
    expect(() => allocateReturn(orderOf([line(1, APPLE, 2, 10_00)], 'shipped'), [{ productId: APPLE, quantity: 1 }])).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidTransition, message: expect.stringContaining('shipped') }),
    );
    expect(() => allocateReturn(orderOf([line(1, APPLE, 2, 10_00, 0, 2)]), [{ productId: APPLE, quantity: 1 }])).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidTransition, message: expect.stringContaining('returned already') }),
    );
  });

  it('finds every line of a delivered order returnable less what was returned, and nothing of an order not delivered', () => {
    const lines = [line(1, APPLE, 5, 1_00, 0, 2), line(2, PEAR, 3, 1_00)];

    expect(returnableQuantities(orderOf(lines))).toEqual(new Map([[1, 3], [2, 3]]));
    for (const status of ['placed', 'shipped', 'cancelled'] as const) expect(returnableQuantities(orderOf(lines, status))).toEqual(new Map([[1, 0], [2, 0]]));
    expect(creditNoteNumberOf('O261207-ABCDE', 0)).toBe('CN-O261207-ABCDE-1');
  });

  it('finds, on an order shipped in parts, each line’s delivered units returnable less what was returned, whatever its status', () => {
    // Prepare: apples 5 ordered, 4 shipped, 3 delivered, 1 returned; pears 3 ordered, 3 shipped, none delivered yet.
    const lines = [{ ...line(1, APPLE, 5, 1_00, 0, 1), shippedQuantity: 4, deliveredQuantity: 3 }, { ...line(2, PEAR, 3, 1_00), shippedQuantity: 3, deliveredQuantity: 0 }];

    // Act
    const placed = orderOf(lines, 'placed');

    // Assess: a partly delivered order stays placed, and its delivered units may come back; undelivered ones never.
    expect(deliveredQuantities(placed)).toEqual(new Map([[1, 3], [2, 0]]));
    expect(returnableQuantities(placed)).toEqual(new Map([[1, 2], [2, 0]]));
    expect(returnableQuantities(orderOf(lines, 'shipped'))).toEqual(new Map([[1, 2], [2, 0]]));
    expect(allocateReturn(placed, [{ productId: APPLE, quantity: 2 }]).orderLines.map((item) => item.returnedQuantity)).toEqual([3, undefined]);
    expect(() => allocateReturn(placed, [{ productId: APPLE, quantity: 3 }])).toThrow(expect.objectContaining({ code: ErrorCode.ReturnExceedsDelivered }));
    expect(() => allocateReturn(placed, [{ productId: PEAR, quantity: 1 }])).toThrow(
      expect.objectContaining({ code: ErrorCode.ReturnExceedsDelivered, details: expect.objectContaining({ errors: [expect.objectContaining({ message: expect.stringContaining('At most 0') })] }) }),
    );
  });

  it('refuses a return of an order whose shipments are all still in transit (409: nothing delivered)', () => {
    const inTransit = orderOf([{ ...line(1, APPLE, 2, 1_00), shippedQuantity: 2 }], 'shipped');

    expect(returnableQuantities(inTransit)).toEqual(new Map([[1, 0]]));
    expect(() => allocateReturn(inTransit, [{ productId: APPLE, quantity: 1 }])).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidTransition, message: expect.stringContaining('has been delivered') }),
    );
  });
});
