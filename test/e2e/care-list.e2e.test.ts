import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { allCareItems, arrangeBirthday, type CareListAnswer } from './scenarios/care.scenarios';

type Client = ReturnType<typeof api>;

/**
 * The care list through the local gateway with real tokens (issue 18, part 4): a contact's birthday in the window
 * shows for its customer's owner and for a manager asking with `userId`, never for another account manager.
 */
describe('GET /v1/care', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it("lists a contact's birthday for the customer's owner and a manager, not for another account manager", async () => {
    // Prepare: am1's customer, a contact whose birthday is in 20 days.
    const { customer, contactId, window } = await arrangeBirthday(client, 'am1');
    const read = async (as: string, userId?: string) => {
      const path = `/v1/care?${window}&limit=50${userId ? `&userId=${userId}` : ''}`;
      const first = await client.get<CareListAnswer>(path, { as });
      expect(first.status, first.text).toBe(200);
      return allCareItems(client, first, path, as);
    };
    const birthday = expect.objectContaining({ kind: 'special-day', customerId: customer.id, customerName: customer.name, contactId, occasion: 'birthday' });

    // Act
    const ofOwner = await read('am1');
    const ofManager = await read('sales', 'am1');
    const ofOther = await read('am2');
    const foreign = await client.get(`/v1/care?${window}&userId=am1`, { as: 'am2' });

    // Assess
    expect(ofOwner).toContainEqual(birthday);
    expect(ofManager).toContainEqual(birthday);
    expect(ofOther.map((item) => item.customerId)).not.toContain(customer.id);
    expect(foreign.status).toBe(403);
  });

  it.each([
    ['a window over 92 days', 'from=2026-01-01&to=2026-04-04', 'sales', 400],
    ['`from` after `to`', 'from=2026-02-01&to=2026-01-01', 'sales', 400],
    ['a bad userId', 'from=2026-01-01&to=2026-02-01&userId=Not%20A%20User', 'sales', 400],
    ["an account manager asking for another's list", 'from=2026-01-01&to=2026-02-01&userId=am2', 'am1', 403],
  ] as const)('refuses %s', async (_label, query, as, status) => {
    // Act
    const response = await client.get<{ errors?: { path: string }[] }>(`/v1/care?${query}`, { as });

    // Assess
    expect(response.status, response.text).toBe(status);
    if (status === 400) expect(response.json.errors?.map((error) => error.path)).toContain(query.includes('userId') ? 'query.userId' : 'query.to');
  });
});
