import { afterEach, describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { CreateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { ErrorCode } from '#shared/core/errors';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { useCustomFieldSource } from '#shared/custom-fields/custom-fields.container';
import { customValues } from '#shared/custom-fields/custom-values.middleware';
import { callers as recordCallers, customerRecordsTestKit } from '#test/fakes/customer-records-test-kit';
import { callers, customerTestKit } from '#test/fakes/customer-test-kit';
import { InMemoryCustomFields } from '#test/fakes/in-memory-custom-fields';
import { newOpportunityInput, opportunityTestKit } from '#test/fakes/opportunity-test-kit';

/** The use cases' side of custom values: a create stores them without nulls, a PATCH merges into the stored ones. */
describe('custom values in the records\' use cases', () => {
  it('customers: create stores the values (nulls dropped), update merges (set, clear, keep)', async () => {
    // Prepare
    const kit = customerTestKit();
    const created = await createCustomer(kit.deps, { caller: callers.sales, input: { name: '上海申通', level: 'ordinary', status: 'active', custom: { tier: 'gold', size: 3, note: null } } });

    // Act
    const updated = await updateCustomer(kit.deps, { caller: callers.sales, customerId: created.customer.id, changes: { custom: { tier: 'silver', size: null, since: '2020-01-01' } }, expectedVersion: 1 });

    // Assess
    expect(created.customer.custom).toEqual({ tier: 'gold', size: 3 });
    expect(updated.custom).toEqual({ tier: 'silver', since: '2020-01-01' });
    expect((await kit.customers.get(created.customer.id))?.custom).toEqual({ tier: 'silver', since: '2020-01-01' });
  });

  it('contacts: the merged values are what is stored and answered; clearing the last one removes `custom`', async () => {
    // Prepare
    const kit = customerRecordsTestKit();
    const customerId = '01JCUSTAM1AAAAAAAAAAAAAAAA';
    kit.store.addCustomer({ id: customerId, ownerId: 'am1' });
    const { contact } = await createContact(kit.contactDeps, { caller: recordCallers.am1, customerId, input: { name: '张伟', isPrimary: false, custom: { hobby: '围棋' } } });

    // Act
    const merged = await updateContact(kit.contactDeps, { caller: recordCallers.am1, customerId, contactId: contact.id, changes: { custom: { team: '采购' } }, expectedVersion: 1 });
    const cleared = await updateContact(kit.contactDeps, { caller: recordCallers.am1, customerId, contactId: contact.id, changes: { custom: { hobby: null, team: null } }, expectedVersion: 2 });

    // Assess
    expect(contact.custom).toEqual({ hobby: '围棋' });
    expect(merged.custom).toEqual({ hobby: '围棋', team: '采购' });
    expect(cleared.custom).toBeUndefined();
    expect(kit.store.contacts.get(`${customerId}#${contact.id}`)).not.toHaveProperty('custom');
  });

  it('opportunities: a custom PATCH reads the opportunity and merges into its values', async () => {
    // Prepare
    const kit = opportunityTestKit();
    const { value: opportunity } = await createOpportunity(kit.deps, { caller: callers.sales, input: newOpportunityInput({ custom: { stage: 'qualify', budget: { amount: 100, currency: 'CNY' } } }) as CreateOpportunityInput });

    // Act
    const updated = await updateOpportunity(kit.deps, { caller: callers.sales, opportunityId: opportunity.id, changes: { custom: { stage: 'proposal', budget: null } }, expectedVersion: 1 });

    // Assess
    expect(opportunity.custom).toEqual({ stage: 'qualify', budget: { amount: 100, currency: 'CNY' } });
    expect(updated).toMatchObject({ version: 2, custom: { stage: 'proposal' } });
  });
});

describe('the customValues middleware', () => {
  afterEach(() => useCustomFieldSource(undefined));
  const AT = '2026-12-06T10:00:00.000Z';
  const required: CustomFieldDefinition = {
    id: '01JD0000000000000000000001', entityType: 'customer', key: 'tier', label: '分层', type: 'singleSelect', required: true,
    options: [{ code: 'gold', label: '金', active: true }], active: true, order: 0, version: 1, createdAt: AT, createdBy: 'admin', updatedAt: AT, updatedBy: 'admin',
  };
  const requestWith = (body: unknown) => ({ event: { crm: { body } } }) as never;
  const withDefinitions = (definitions: CustomFieldDefinition[]) => {
    const store = new InMemoryCustomFields();
    for (const definition of definitions) store.fields.set(definition.id, definition);
    let reads = 0;
    useCustomFieldSource({ definitionsOf: (type) => ((reads += 1), store.definitionsOf(type)) });
    return { reads: () => reads };
  };

  it('on create: reads the definitions even without `custom`, refuses a missing required field, leaves only the values to store', async () => {
    // Prepare
    const source = withDefinitions([required]);
    const missing = requestWith({ name: 'x' });
    const given = requestWith({ name: 'x', custom: { tier: 'gold' } });
    const onlyNull = requestWith({ name: 'x', custom: { tier: null } });

    // Act
    const refusal = await customValues('customer', 'create').before!(missing).catch((error: unknown) => error);
    await customValues('customer', 'create').before!(given);
    const nullRefusal = await customValues('customer', 'create').before!(onlyNull).catch((error: unknown) => error);

    // Assess
    expect(nullRefusal).toMatchObject({ details: { errors: [{ path: 'body.custom.tier', message: 'Required.' }] } });
    expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.custom.tier', message: 'Required.' }] } });
    expect((given as { event: { crm: { body: unknown } } }).event.crm.body).toEqual({ name: 'x', custom: { tier: 'gold' } });
    expect(source.reads()).toBe(3);
  });

  it('on update: reads nothing when the body has no `custom`', async () => {
    // Prepare
    const source = withDefinitions([required]);

    // Act
    await customValues('customer', 'update').before!(requestWith({ name: 'y' }));

    // Assess
    expect(source.reads()).toBe(0);
  });
});
