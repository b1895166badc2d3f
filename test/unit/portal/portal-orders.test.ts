import { describe, expect, it } from 'vitest';
import type { Order } from '#functions/orders/order/order.schema';
import { invitePortalUser } from '#functions/portal/invite-portal-user.use-case';
import { portalOrderOf } from '#functions/portal/portal-order.view';
import { portalOrderSchema } from '#functions/portal/portal-order.schema';
import { getPortalOrder, listPortalOrders } from '#functions/portal/portal-orders.use-case';
import { disablePortalUser } from '#functions/portal/disable-portal-user.use-case';
import { portalTestKit } from '#test/fakes/in-memory-portal';

const CUSTOMER = '01JCUSTOMER0000000000000AA';
const OTHER_CUSTOMER = '01JCUSTOMER0000000000000BB';
const CONTACT = '01JCONTACT00000000000000AA';
const am1 = { username: 'am1', scope: 'own' as const };
const cny = (amount: number) => ({ amount, currency: 'CNY' });

const orderOf = (id: string, customerId: string, orderedAt: string, extra: Partial<Order> = {}): Order => ({
  id, orderNo: `SO-${id.slice(-4)}`, customerId, customerName: 'Co', status: 'placed', orderedAt, deliveryAddress: '北京市朝阳区',
  note: 'internal: customer haggles', lines: [
    { lineNo: 1, productId: '01JPRODUCT00000000000000AA', productCode: 'P-1', productName: '润滑油', unit: '桶', quantity: 2, unitPrice: cny(5000), discount: cny(0), amount: cny(10000) },
  ],
  subtotal: cny(10000), discountTotal: cny(0), total: cny(10000), paidAmount: cny(4000), balance: cny(6000), paymentStatus: 'partial',
  custom: { margin: 'secret' }, version: 3, createdAt: orderedAt, createdBy: 'am1', updatedAt: orderedAt, updatedBy: 'am1', ...extra,
});

const arrange = async () => {
  const kit = portalTestKit();
  kit.users.companies.set(CUSTOMER, { id: CUSTOMER, name: 'Co', ownerId: 'am1' });
  kit.users.contacts.set(CONTACT, { id: CONTACT, customerId: CUSTOMER, name: '刘洋', email: 'liu@example.com', version: 1 });
  const { user } = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
  kit.orders.orders.set('01JXRDER000000000000000001', orderOf('01JXRDER000000000000000001', CUSTOMER, '2026-11-01T00:00:00.000Z'));
  kit.orders.orders.set('01JXRDER000000000000000002', orderOf('01JXRDER000000000000000002', CUSTOMER, '2026-12-01T00:00:00.000Z', {
    status: 'shipped', shippedAt: '2026-12-02T08:00:00.000Z', cancelReason: 'n/a', promise: { noteId: '01JNOTE0000000000000000001', promisedPayAt: '2026-12-20T00:00:00.000Z', promisedAmount: 6000, paidBefore: 4000, status: 'open' },
  }));
  kit.orders.orders.set('01JXRDER000000000000000003', orderOf('01JXRDER000000000000000003', OTHER_CUSTOMER, '2026-12-03T00:00:00.000Z'));
  return { kit, user };
};

describe('portal orders', () => {
  it("lists the session customer's orders only, newest first, in one request", async () => {
    // Prepare
    const { kit, user } = await arrange();
    // Act
    const page = await listPortalOrders(kit.deps, { session: { user, company: kit.users.companies.get(CUSTOMER)! }, page: { limit: 10 } });
    // Assess
    expect(page.items.map((order) => order.id)).toEqual(['01JXRDER000000000000000002', '01JXRDER000000000000000001']);
    expect(kit.orders.requests).toBe(1);
  });

  it('reads one order with lines, status, shipment and balance in ONE request; nothing internal in the view', async () => {
    // Prepare
    const { kit, user } = await arrange();
    // Act
    const order = await getPortalOrder(kit.deps, { sub: user.id, orderId: '01JXRDER000000000000000002' });
    const view = portalOrderOf(order);
    // Assess
    expect(kit.orders.requests).toBe(1);
    expect(portalOrderSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({ status: 'shipped', shipment: { shippedAt: '2026-12-02T08:00:00.000Z' }, balance: cny(6000), lines: [{ productName: '润滑油', quantity: 2 }] });
    expect(JSON.stringify(view)).not.toMatch(/internal|secret|margin|promise|cancelReason|am1/);
  });

  it("answers 404 for another customer's order and a missing one alike; 401 for an unknown or disabled user", async () => {
    // Prepare
    const { kit, user } = await arrange();
    // Act
    const foreign = await getPortalOrder(kit.deps, { sub: user.id, orderId: '01JXRDER000000000000000003' }).catch((error) => error.code);
    const missing = await getPortalOrder(kit.deps, { sub: user.id, orderId: '01JXRDER000000000000000009' }).catch((error) => error.code);
    const stranger = await getPortalOrder(kit.deps, { sub: '00000000-0000-4000-8000-000000000000', orderId: '01JXRDER000000000000000001' }).catch((error) => error.code);
    await disablePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, portalUserId: user.id, expectedVersion: 1 });
    const disabled = await getPortalOrder(kit.deps, { sub: user.id, orderId: '01JXRDER000000000000000001' }).catch((error) => error.code);
    // Assess
    expect([foreign, missing, stranger, disabled]).toEqual(['OrderNotFound', 'OrderNotFound', 'Unauthenticated', 'Unauthenticated']);
  });

  it("answers 404 for an archived customer's order, as for a missing one", async () => {
    // Prepare
    const { kit, user } = await arrange();
    kit.users.companies.set(CUSTOMER, { id: CUSTOMER, name: 'Co', ownerId: 'am1', deletedAt: '2026-12-06T00:00:00.000Z' });
    // Act
    const outcome = await getPortalOrder(kit.deps, { sub: user.id, orderId: '01JXRDER000000000000000001' }).catch((error) => error.code);
    // Assess
    expect(outcome).toBe('CustomerNotFound');
    expect(kit.orders.requests).toBe(1);
  });
});
