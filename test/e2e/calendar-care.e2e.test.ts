import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeBirthday } from './scenarios/care.scenarios';

type Client = ReturnType<typeof api>;
type CalendarAnswer = { userId: string; items: { kind: string; id: string; customerId?: string; occasion?: string }[]; truncated: boolean };

/**
 * Care on the calendar through the local gateway with real tokens (issue 18, parts 2 and 4): a contact's birthday
 * shows on its customer's owner's calendar (one Query of the owner's care index beside the other sources), for a
 * manager asking with `userId`, never for another account manager — and after a transfer on the new owner's only.
 */
describe('GET /v1/calendar: care', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it("shows a contact's birthday to the customer's owner and a manager, and moves it with a transfer", async () => {
    // Prepare: am1's customer, a contact whose birthday is in 20 days.
    const { customer, contactId, window } = await arrangeBirthday(client, 'am1');
    const read = async (as: string, userId?: string) => {
      const response = await client.get<CalendarAnswer>(`/v1/calendar?${window}${userId ? `&userId=${userId}` : ''}`, { as });
      expect(response.status, response.text).toBe(200);
      return response.json.items.filter((item) => item.kind === 'care' && item.customerId === customer.id);
    };
    const birthday = [expect.objectContaining({ kind: 'care', id: contactId, customerId: customer.id, occasion: 'birthday' })];

    // Act
    const ofOwner = await read('am1');
    const ofManager = await read('sales', 'am1');
    const ofOther = await read('am2');
    const current = await client.get(`/v1/customers/${customer.id}`, { as: 'sales' });
    const transfer = await client.post(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': current.headers.get('etag') ?? '' } });
    const ofNewOwner = await read('am2');
    const ofOldOwner = await read('am1');

    // Assess
    expect(ofOwner).toEqual(birthday);
    expect(ofManager).toEqual(birthday);
    expect(ofOther).toEqual([]);
    expect(transfer.status, transfer.text).toBe(200);
    expect(ofNewOwner).toEqual(birthday);
    expect(ofOldOwner).toEqual([]);
  });
});
