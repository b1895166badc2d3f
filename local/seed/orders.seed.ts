import { allPages, answerOf, dataOf, idempotent, ifMatch, type SchemaOf, type SeedContext, type SeedSection } from './seed-section';

/**
 * Demo products and orders: ten products (one no longer sold) created by the admin, and eight orders for seeded
 * customers over the past year — delivered and paid, partly paid, shipped, just placed, one cancelled — so that
 * stock, receivables and the order-value aggregates have something realistic to show.
 *
 * Created through the API like everything else, by the customer's owner (or the sales manager). Re-seeding a
 * persisted store adds nothing twice: a product code in use (409) is looked up instead, and an order whose number
 * the customer already has is skipped — even after the 24 h idempotency window.
 */

const cny = (yuan: number) => ({ amount: Math.round(yuan * 100), currency: 'CNY' });

interface SeedProduct {
  readonly code: string;
  readonly name: string;
  readonly model?: string;
  readonly unit: string;
  readonly yuan: number;
  readonly stock: number;
  readonly location?: string;
  readonly active?: boolean;
  readonly description?: string;
  /** A code of the product-category dictionary list. */
  readonly category?: string;
  /** The cost price (seen by administrators and sales managers only). */
  readonly costYuan?: number;
  readonly reorderLevel?: number;
}

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  { code: 'IPC-610L', name: '研华工控机', model: 'IPC-610L/701VG', unit: '台', yuan: 6_800, stock: 40, location: 'A-01-01', category: 'hardware', costYuan: 5_100, reorderLevel: 10, description: '4U 上架式工控机，酷睿 i5，16 GB 内存' },
  { code: 'PLC-S7-1200', name: '西门子 PLC 控制器', model: '6ES7 214-1AG40', unit: '台', yuan: 2_350, stock: 120, location: 'A-01-02', category: 'hardware', costYuan: 1_820, reorderLevel: 30 },
  { code: 'VFD-ACS580', name: 'ABB 变频器 15kW', model: 'ACS580-01-033A-4', unit: '台', yuan: 8_900, stock: 25, location: 'A-02-01', category: 'hardware', costYuan: 7_050, reorderLevel: 5 },
  { code: 'SENSOR-PT100', name: 'PT100 温度传感器', model: 'WZP-230', unit: '支', yuan: 85, stock: 2_000, location: 'B-03-05', category: 'components', costYuan: 41, reorderLevel: 500 },
  { code: 'VALVE-DN100', name: '不锈钢球阀 DN100', model: 'Q41F-16P', unit: '个', yuan: 1_260, stock: 300, location: 'C-01-01', category: 'components', costYuan: 830 },
  { code: 'CABLE-RVVP', name: '屏蔽电缆 RVVP 4×1.5', unit: '卷', yuan: 420, stock: 500, location: 'C-02-03', category: 'consumables', costYuan: 290, reorderLevel: 100 },
  { code: 'HMI-TP700', name: '西门子触摸屏', model: '6AV2 124-0GC01', unit: '台', yuan: 6_150, stock: 30, location: 'A-03-02', category: 'hardware' },
  { code: 'UPS-3KVA', name: 'APC UPS 3kVA', model: 'SRT3KXLICH', unit: '台', yuan: 5_480, stock: 18, location: 'D-01-01', category: 'hardware', costYuan: 4_200, reorderLevel: 5 },
  { code: 'LASER-M3', name: 'Industrial laser marker', model: 'M3 Fiber 30W', unit: 'set', yuan: 48_000, stock: 4, location: 'D-02-01', category: 'hardware', costYuan: 36_500, reorderLevel: 5, description: 'Fiber laser marking station, 30 W source, rotary axis included' },
  { code: 'RELAY-JZX', name: '中间继电器（停产）', model: 'JZX-22F', unit: '个', yuan: 18.5, stock: 60, location: 'B-01-09', active: false, category: 'components' },
];

interface SeedOrder {
  readonly customerNo: string;
  /** Who places it: the customer's owner, or the sales manager (who may override a price). */
  readonly by: string;
  readonly orderNo: string;
  readonly orderedAt: string;
  readonly lines: readonly { code: string; quantity: number; discountYuan?: number; unitYuan?: number }[];
  /** Fractions of the total paid, in order (1 = the remaining balance). */
  readonly payments?: readonly number[];
  readonly status?: 'shipped' | 'delivered' | 'cancelled';
}

export const SEED_ORDERS: readonly SeedOrder[] = [
  {
    customerNo: 'EN-0008', by: 'am2', orderNo: 'SO-2025-0031', orderedAt: '2025-11-20T03:00:00.000Z',
    lines: [{ code: 'VALVE-DN100', quantity: 100, discountYuan: 6_000 }, { code: 'CABLE-RVVP', quantity: 50 }],
    payments: [1], status: 'delivered',
  },
  {
    customerNo: 'KH-BJ-0001', by: 'am1', orderNo: 'SO-2026-0001', orderedAt: '2026-01-15T02:30:00.000Z',
    lines: [{ code: 'IPC-610L', quantity: 4 }, { code: 'PLC-S7-1200', quantity: 10, discountYuan: 500 }],
    payments: [1], status: 'delivered',
  },
  {
    customerNo: 'KH-SH-0002', by: 'am1', orderNo: 'SO-2026-0002', orderedAt: '2026-03-08T06:15:00.000Z',
    lines: [{ code: 'SENSOR-PT100', quantity: 200 }, { code: 'CABLE-RVVP', quantity: 20 }],
    payments: [0.5], status: 'delivered',
  },
  {
    customerNo: 'KH-CQ-0003', by: 'am2', orderNo: 'SO-2026-0003', orderedAt: '2026-04-21T01:45:00.000Z',
    lines: [{ code: 'VALVE-DN100', quantity: 40 }], status: 'shipped',
  },
  {
    customerNo: 'KH-SZ-0004', by: 'am2', orderNo: 'SO-2026-0004', orderedAt: '2026-06-30T08:00:00.000Z',
    lines: [{ code: 'HMI-TP700', quantity: 5 }, { code: 'UPS-3KVA', quantity: 2 }],
  },
  {
    customerNo: 'KH-GZ-0006', by: 'sales', orderNo: 'SO-2026-0005', orderedAt: '2026-07-12T02:00:00.000Z',
    lines: [{ code: 'VFD-ACS580', quantity: 3 }], status: 'cancelled',
  },
  {
    customerNo: 'KH-CD-0009', by: 'sales', orderNo: 'SO-2026-0006', orderedAt: '2026-09-03T05:30:00.000Z',
    lines: [{ code: 'SENSOR-PT100', quantity: 500, discountYuan: 2_500 }],
    payments: [0.3, 1], status: 'delivered',
  },
  {
    customerNo: 'EN-0001', by: 'sales', orderNo: 'SO-2026-0007', orderedAt: '2026-10-18T07:20:00.000Z',
    lines: [{ code: 'LASER-M3', quantity: 1, unitYuan: 45_000 }, { code: 'PLC-S7-1200', quantity: 2 }],
    payments: [0.4], status: 'shipped',
  },
];

/** Every product by code (for codes already taken in a persisted store). */
const productsByCode = async (context: SeedContext): Promise<Map<string, string>> => {
  const items = await allPages('the product list', (cursor) =>
    context.as('admin').GET('/v1/products', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
  );
  return new Map(items.map((item) => [item.code, item.id]));
};

/** An hour or a few days after the order, as a payment or a delivery would be. */
const later = (orderedAt: string, days: number): string => new Date(new Date(orderedAt).getTime() + days * 86_400_000).toISOString();

export const ordersSection: SeedSection = {
  name: 'products and orders',
  async run(context) {
    let created = 0;
    let existing = 0;

    const admin = context.as('admin');
    const productIds = new Map<string, string>();
    let taken = false;
    for (const { yuan, stock, active, costYuan, ...product } of SEED_PRODUCTS) {
      const body: SchemaOf<'CreateProductRequest'> = { ...product, unitPrice: cny(yuan), stockOnHand: stock, ...(costYuan !== undefined ? { costPrice: cny(costYuan) } : {}) };
      const answer = await answerOf(`product ${product.code}`, admin.POST('/v1/products', { body, params: { header: idempotent('/v1/products', body) } }), [201, 409]);
      if (!answer.data) {
        taken = true;
        existing += 1;
        continue;
      }
      const { id, version } = answer.data;
      productIds.set(product.code, id);
      if (answer.replayed) existing += 1;
      else created += 1;
      if (active === false && version === 1) {
        await answerOf(`retiring ${product.code}`, admin.PATCH('/v1/products/{productId}', { params: { path: { productId: id }, header: ifMatch(1) }, body: { active: false } }), [200, 412]);
      }
    }
    if (taken) for (const [code, id] of await productsByCode(context)) if (!productIds.has(code)) productIds.set(code, id);

    for (const spec of SEED_ORDERS) {
      const customer = context.customers.get(spec.customerNo);
      if (!customer || spec.lines.some((line) => !productIds.has(line.code))) continue;
      const seller = context.as(spec.by);
      const ordersPath = `/v1/customers/${customer.id}/orders`;
      const path = { customerId: customer.id };
      const known = await dataOf(`orders of ${spec.customerNo}`, seller.GET('/v1/customers/{customerId}/orders', { params: { path, query: { limit: 100 } } }));
      if (known.items.some((item) => item.orderNo === spec.orderNo)) {
        existing += 1;
        continue;
      }
      const body: SchemaOf<'CreateOrderRequest'> = {
        orderNo: spec.orderNo,
        orderedAt: spec.orderedAt,
        lines: spec.lines.map((line) => ({
          productId: productIds.get(line.code)!,
          quantity: line.quantity,
          ...(line.discountYuan ? { discount: cny(line.discountYuan) } : {}),
          ...(line.unitYuan ? { unitPrice: cny(line.unitYuan) } : {}),
        })),
      };
      let order = await dataOf(`order ${spec.orderNo}`, seller.POST('/v1/customers/{customerId}/orders', { params: { path, header: idempotent(ordersPath, body) }, body }));
      created += 1;

      for (const [index, fraction] of (spec.payments ?? []).entries()) {
        const amount = fraction >= 1 ? order.balance.amount : Math.round(order.total.amount * fraction);
        const payment: SchemaOf<'CreatePaymentRequest'> = { amount: { amount, currency: 'CNY' }, paidAt: later(spec.orderedAt, 10 + 20 * index), method: index % 2 ? 'cash' : 'bank-transfer', reference: `${spec.orderNo}-P${index + 1}` };
        order = await dataOf(
          `payment ${index + 1} of ${spec.orderNo}`,
          seller.POST('/v1/orders/{orderId}/payments', { params: { path: { orderId: order.id }, header: idempotent(`/v1/orders/${order.id}/payments`, payment) }, body: payment }),
        );
      }
      const moves = spec.status === 'delivered' ? (['shipped', 'delivered'] as const) : spec.status ? [spec.status] : [];
      for (const status of moves) {
        const move: SchemaOf<'UpdateOrderRequest'> = status === 'cancelled' ? { status, reason: '客户取消采购计划' } : { status };
        order = await dataOf(`${status} ${spec.orderNo}`, seller.PATCH('/v1/orders/{orderId}', { params: { path: { orderId: order.id }, header: ifMatch(order.version) }, body: move }));
      }
    }
    return { created, existing };
  },
};
