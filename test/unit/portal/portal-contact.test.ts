import { describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { getContact } from '#functions/contacts/get-contact.use-case';
import { invitePortalUser } from '#functions/portal/invite-portal-user.use-case';
import { portalContactOf } from '#functions/portal/portal-contact.view';
import { updatePortalContactBody } from '#functions/portal/portal-contact.schema';
import { updatePortalContact } from '#functions/portal/update-portal-contact.use-case';
import { callers, customerRecordsTestKit } from '#test/fakes/customer-records-test-kit';
import { portalTestKit } from '#test/fakes/in-memory-portal';

const CUSTOMER = '01JCVSTQMER0000000000000AA';

/** A customer of am1 with a contact who is a portal user: the contacts' store and the portal's, on the same ids. */
const arrange = async () => {
  const records = customerRecordsTestKit();
  records.store.addCustomer({ id: CUSTOMER, ownerId: 'am1', name: '北京石油' });
  const { contact } = await createContact(records.contactDeps, {
    caller: callers.am1, customerId: CUSTOMER, input: { name: '刘洋', email: 'liu@example.com', memo: 'prefers calls after 3pm', isPrimary: false },
  });
  const portal = portalTestKit();
  portal.users.companies.set(CUSTOMER, { id: CUSTOMER, name: '北京石油', ownerId: 'am1' });
  portal.users.contacts.set(contact.id, { id: contact.id, customerId: CUSTOMER, name: contact.name, email: 'liu@example.com', version: 1 });
  const { user } = await invitePortalUser(portal.deps, { caller: callers.am1, customerId: CUSTOMER, input: { contactId: contact.id } });
  const session = { user, company: portal.users.companies.get(CUSTOMER)! };
  return { records, session, user, contact };
};

describe('portal: update own contact details', () => {
  it("changes the session's own contact through the contacts feature's update, as the portal user, and tells the owner in that write", async () => {
    // Prepare
    const { records, session, user, contact } = await arrange();
    // Act
    const updated = await updatePortalContact(records.contactDeps, { session, changes: { mobile: '13800138000', position: '采购经理' }, expectedVersion: 1 });
    const stored = await getContact(records.contactDeps, { caller: callers.admin, customerId: CUSTOMER, contactId: contact.id });
    // Assess
    expect(updated).toMatchObject({ mobile: '13800138000', position: '采购经理', version: 2, updatedBy: `portal+${user.id}` });
    expect(stored).toMatchObject({ mobile: '13800138000', memo: 'prefers calls after 3pm', version: 2 });
    expect(records.store.notified).toEqual([
      expect.objectContaining({ kind: 'portal', recipientId: 'am1', sourceId: contact.id, customerId: CUSTOMER, path: `/v1/customers/${CUSTOMER}/contacts/${contact.id}` }),
    ]);
    expect(records.store.writes).toBe(2);
    expect(portalContactOf(updated)).not.toHaveProperty('memo');
  });

  it('refuses a stale If-Match (412) and tells no one', async () => {
    // Prepare
    const { records, session } = await arrange();
    // Act
    const outcome = await updatePortalContact(records.contactDeps, { session, changes: { mobile: '13800138000' }, expectedVersion: 2 }).catch((error) => error.code);
    // Assess
    expect(outcome).toBe('VersionConflict');
    expect(records.store.notified).toEqual([]);
  });

  it('refuses a forged customerId or contactId, the e-mail, staff-only fields, oversized text and an empty body (400 at the schema)', () => {
    // Act
    const outcomes = [
      { customerId: '01JCVSTQMER0000000000000BB' },
      { contactId: '01JCVSTQMER0000000000000BB', mobile: '13800138000' },
      { email: 'other@example.com' },
      { memo: 'VIP' },
      { address: 'x'.repeat(301) },
      {},
      { address: '北京市朝阳区 1 号', fax: null },
    ].map((body) => updatePortalContactBody.safeParse(body).success);
    // Assess
    expect(outcomes).toEqual([false, false, false, false, false, false, true]);
  });
});
