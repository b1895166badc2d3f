import { beforeEach, describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import { createContactBody, updateContactBody } from '#functions/contacts/contact.schema';
import { callers, customerRecordsTestKit } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';

describe('contacts: marketing consent (issue 19, part 3)', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
  });

  it('stamps a consent staff give with when and source staff; none given stays absent (unknown)', async () => {
    // Act
    const { contact: optedIn } = await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: '张伟', marketingConsent: 'opted-in', isPrimary: false } });
    const { contact: silent } = await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: '王芳', isPrimary: false } });
    const optedOut = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: silent.id, changes: { marketingConsent: 'opted-out' }, expectedVersion: 1 });
    const renamed = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: optedIn.id, changes: { name: '张伟伟' }, expectedVersion: 1 });

    // Assess
    expect(optedIn).toMatchObject({ marketingConsent: 'opted-in', consentSource: 'staff', consentUpdatedAt: expect.any(String) });
    expect(kit.store.contacts.get(`${OF_AM1}#${optedIn.id}`)).toMatchObject({ marketingConsent: 'opted-in', consentSource: 'staff' });
    expect(silent).not.toHaveProperty('marketingConsent');
    expect(silent).not.toHaveProperty('consentUpdatedAt');
    expect(optedOut).toMatchObject({ marketingConsent: 'opted-out', consentSource: 'staff', version: 2 });
    expect(kit.store.contacts.get(`${OF_AM1}#${silent.id}`)).toMatchObject({ marketingConsent: 'opted-out', consentSource: 'staff' });
    // A change of another field leaves the consent and its stamp as they were.
    expect(renamed).toMatchObject({ marketingConsent: 'opted-in', consentUpdatedAt: optedIn.consentUpdatedAt });
  });

  it.each([
    ['opted-in', true],
    ['unknown', true],
    ['opted-out', true],
    ['bounced', false],
    ['complained', false],
    ['yes', false],
  ])('%s → settable by staff %s (bounced and complained come from the mail service only)', (value, accepted) => {
    // Act
    const onCreate = createContactBody.safeParse({ name: 'x', marketingConsent: value });
    const onPatch = updateContactBody.safeParse({ marketingConsent: value });
    const stamped = createContactBody.safeParse({ name: 'x', consentSource: 'unsubscribe' });

    // Assess
    expect(onCreate.success).toBe(accepted);
    expect(onPatch.success).toBe(accepted);
    expect(stamped.success).toBe(false);
  });
});
