import { describe, expect, it } from 'vitest';
import type { Workbench } from '#functions/workbench/overview/workbench.schema';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeUser } from './scenarios/admin-users.scenarios';
import { arrangeOverdueOrder } from './scenarios/dunning.scenarios';
import { arrangeLostCustomer } from './scenarios/lost-customers.scenarios';
import { arrangeProduct } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;

/**
 * The workbench's churn-risk and overdue-receivables sections through the local gateway: an account manager of its
 * own (created for this file, so no other test's records share the sections) owns a customer under a churn warning
 * and an order overdue since 2000; both leave the workbench when the business moves on (an order recovers the
 * customer, a payment settles the balance).
 */
describe('workbench: churn risk and overdue receivables', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const workbenchOf = async (userId: string, as: string) => {
    const response = await client.get<Workbench>(`/v1/workbench?userId=${userId}`, { as });
    expect(response.status, response.text).toBe(200);
    return response.json;
  };

  it("shows a user's customers at churn risk and overdue balances to managers, until an order recovers and a payment settles", async () => {
    // Prepare
    const { username } = await arrangeUser(client, 'workbench', 'account-manager');
    const { customerId } = await arrangeLostCustomer(client, username);
    const { order, customer } = await arrangeOverdueOrder(client, username);
    const product = await arrangeProduct(client);
    const before = await workbenchOf(username, 'sales');

    // Act: a new order for the customer at risk; the overdue order paid in full.
    const recovering = await client.post(`/v1/customers/${customerId}/orders`, { deliveryAddress: '北京市朝阳区 1 号', lines: [{ productId: product.id, quantity: 1 }] }, { as: 'admin' });
    const detail = await client.get<{ balance: { amount: number; currency: string } }>(`/v1/orders/${order.id}`, { as: 'admin' });
    const paid = await client.post(`/v1/orders/${order.id}/payments`, { amount: detail.json.balance, method: 'cash' }, { as: 'admin' });
    const after = await workbenchOf(username, 'exec');

    // Assess
    expect(before.churnRisk).toEqual([expect.objectContaining({ customerId, status: 'warning', path: `/v1/lost-customers/${customerId}` })]);
    expect(before.overdueReceivables).toEqual([
      expect.objectContaining({ orderId: order.id, customerId: customer.id, balance: detail.json.balance, dueAt: order.dueAt, path: `/v1/orders/${order.id}` }),
    ]);
    expect(before.overdueReceivables[0]!.daysOverdue).toBeGreaterThan(9_000);
    expect(before.truncated).toBe(false);
    expect(recovering.status, recovering.text).toBe(201);
    expect(paid.status, paid.text).toBe(201);
    expect(after.churnRisk).toEqual([]);
    expect(after.overdueReceivables).toEqual([]);
  });

  it('shows an account manager their own customers at risk, and refuses them another user’s workbench (403)', async () => {
    // Prepare
    const { customerId } = await arrangeLostCustomer(client, 'am1');

    // Act
    const own = await client.get<Workbench>('/v1/workbench', { as: 'am1' });
    const other = await client.get<Workbench>('/v1/workbench?userId=am2', { as: 'am1' });
    const theirs = await client.get<Workbench>('/v1/workbench', { as: 'am2' });

    // Assess: newest record first, so the one just opened leads am1's section.
    expect(own.status, own.text).toBe(200);
    expect(own.json.churnRisk.map((entry) => entry.customerId)).toContain(customerId);
    expect(other.status, other.text).toBe(403);
    expect(theirs.json.churnRisk.map((entry) => entry.customerId)).not.toContain(customerId);
  });
});
