import { beforeEach, describe, expect, it } from 'vitest';
import { findContacts } from '#functions/contacts/find-contacts.use-case';
import { callers } from '#test/fakes/customer-test-kit';
import { InMemoryContactLookup } from '#test/fakes/in-memory-contact-lookup';

const audit = { version: 1, createdAt: '2026-11-22T08:00:00.000Z', createdBy: 'admin', updatedAt: '2026-11-22T08:00:00.000Z', updatedBy: 'admin' };

describe('findContacts use case (caller ID)', () => {
  let lookup: InMemoryContactLookup;

  beforeEach(() => {
    lookup = new InMemoryContactLookup();
    for (const [id, ownerId] of [['C1', 'am1'], ['C2', 'am2'], ['C3', 'am1']] as const) {
      lookup.customers.set(id, { id, ownerId, customerNo: `NO-${id}`, name: `Customer ${id}`, ownerName: ownerId, primaryContactId: `K${id}` });
    }
    lookup.customers.set('C3', { ...lookup.customers.get('C3')!, deletedAt: '2026-11-01T00:00:00.000Z' });
    lookup.contacts.set('KC1', { id: 'KC1', customerId: 'C1', name: 'Wang', mobile: '+86 138 0013 8000', ...audit });
    lookup.contacts.set('KC2', { id: 'KC2', customerId: 'C2', name: 'Li', officePhone: '021-5555-8000', email: 'li@example.com', ...audit });
    lookup.contacts.set('KC3', { id: 'KC3', customerId: 'C3', name: 'Zhao', mobile: '13800138000', ...audit });
  });

  it('finds every visible contact whose number ends with the digits typed, exact matches first', async () => {
    const byTail = await findContacts({ lookup }, { caller: callers.sales, query: { phone: '8000', limit: 20 } });
    const byWhole = await findContacts({ lookup }, { caller: callers.sales, query: { phone: '138 0013 8000', limit: 20 } });

    expect(byTail.items.map((item) => [item.contact.id, item.rank, item.customer.name])).toEqual([
      ['KC1', 'suffix', 'Customer C1'],
      ['KC2', 'suffix', 'Customer C2'],
    ]);
    expect(byWhole.items.map((item) => [item.contact.id, item.rank, item.contact.isPrimary])).toEqual([['KC1', 'exact', true]]);
  });

  it('shows an account manager only the contacts of their own customers, and no archived customer’s', async () => {
    const am1 = await findContacts({ lookup }, { caller: callers.am1, query: { phone: '8000', limit: 20 } });
    const am2 = await findContacts({ lookup }, { caller: callers.am2, query: { phone: '8000', limit: 20 } });

    expect(am1.items.map((item) => item.contact.id)).toEqual(['KC1']);
    expect(am2.items.map((item) => item.contact.id)).toEqual(['KC2']);
  });

  it('finds a contact by e-mail, case-insensitively', async () => {
    const found = await findContacts({ lookup }, { caller: callers.admin, query: { email: 'LI@example.com', limit: 20 } });

    expect(found.items.map((item) => [item.contact.id, item.matchedBy, item.customer.ownerId])).toEqual([['KC2', 'email', 'am2']]);
  });
});
