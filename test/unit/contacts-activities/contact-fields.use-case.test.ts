import { beforeEach, describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import { createContactBody, updateContactBody } from '#functions/contacts/contact.schema';
import { callers, customerRecordsTestKit } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';

const DETAILS = {
  salutation: '先生',
  department: '采购部',
  address: '北京市朝阳区建国路 88 号',
  homePhone: '+86 10 6500 0000',
  fax: '010-6500-0001',
  wechat: 'zhang_wei-88',
};

describe('contacts: salutation, department, address, home phone, fax, WeChat ID', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
  });

  it('stores the fields on create, answers them, and a PATCH null clears each', async () => {
    // Act
    const { contact } = await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: '张伟', ...DETAILS, isPrimary: false } });
    const stored = structuredClone(kit.store.contacts.get(`${OF_AM1}#${contact.id}`));
    const cleared = await updateContact(kit.contactDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      contactId: contact.id,
      changes: { salutation: null, department: null, address: null, homePhone: null, fax: null, wechat: 'wx_zhangwei' },
      expectedVersion: 1,
    });

    // Assess
    expect(contact).toMatchObject(DETAILS);
    expect(stored).toMatchObject(DETAILS);
    expect(cleared).toMatchObject({ wechat: 'wx_zhangwei', version: 2 });
    for (const field of ['salutation', 'department', 'address', 'homePhone', 'fax']) expect(cleared).not.toHaveProperty(field);
  });

  it.each([
    ['Dr.', 'salutation', true],
    ['s'.repeat(21), 'salutation', false],
    ['d'.repeat(101), 'department', false],
    ['a'.repeat(300), 'address', true],
    ['a'.repeat(301), 'address', false],
    ['call me', 'homePhone', false],
    ['fax: 123', 'fax', false],
    ['abcdef', 'wechat', true],
    ['a'.repeat(20), 'wechat', true],
    ['abcde', 'wechat', false],
    ['a'.repeat(21), 'wechat', false],
    ['1abcdef', 'wechat', false],
    ['abc def', 'wechat', false],
    ['微信号abcdef', 'wechat', false],
  ])('%s as %s → accepted %s on create and PATCH', (value, field, accepted) => {
    const create = createContactBody.safeParse({ name: 'x', [field]: value });
    const update = updateContactBody.safeParse({ [field]: value });

    for (const parsed of [create, update]) {
      expect(parsed.success).toBe(accepted);
      if (!accepted) expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
    }
  });
});
