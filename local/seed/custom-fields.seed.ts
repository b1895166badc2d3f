import { answerOf, dataOf, idempotent, ifMatch, type SchemaOf, type SeedContext, type SeedSection } from './seed-section';

/**
 * Demo custom fields (扩展字段): a customer tier (single select) and a contract expiry date, defined by the
 * administrator, with values on a few demo customers so `npm start` shows them on GET, in lists
 * (`GET /v1/customers?custom.tier=gold`) and in the 360 view. Neither is required: the demo clients' forms keep
 * working without them.
 *
 * Re-seeding adds nothing twice: a definition that exists (its key taken: 409) is looked up, and a customer that
 * already has a value is left alone.
 */
const FIELDS: readonly SchemaOf<'CreateCustomFieldRequest'>[] = [
  {
    entityType: 'customer', key: 'tier', label: '客户分层', type: 'singleSelect', order: 10,
    options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }, { code: 'bronze', label: '铜牌' }],
  },
  { entityType: 'customer', key: 'contractExpiry', label: '框架合同到期日', type: 'date', order: 20 },
];

const VALUES: readonly { customerNo: string; custom: NonNullable<SchemaOf<'UpdateCustomerRequest'>['custom']> }[] = [
  { customerNo: 'KH-BJ-0001', custom: { tier: 'gold', contractExpiry: '2027-06-30' } },
  { customerNo: 'KH-SH-0002', custom: { tier: 'gold', contractExpiry: '2027-03-31' } },
  { customerNo: 'KH-CQ-0003', custom: { tier: 'silver' } },
  { customerNo: 'EN-0001', custom: { tier: 'bronze', contractExpiry: '2026-12-31' } },
];

const defineFields = async (context: SeedContext): Promise<{ created: number; existing: number }> => {
  let created = 0;
  let existing = 0;
  for (const field of FIELDS) {
    const answer = await answerOf(
      `custom field ${field.key}`,
      context.as('admin').POST('/v1/custom-fields', { body: field, params: { header: idempotent('/v1/custom-fields', field) } }),
      [201, 409],
    );
    if (answer.status === 201 && !answer.replayed) created += 1;
    else existing += 1;
  }
  return { created, existing };
};

export const customFieldsSection: SeedSection = {
  name: 'custom fields',
  async run(context) {
    const report = await defineFields(context);
    const admin = context.as('admin');
    for (const { customerNo, custom } of VALUES) {
      const customer = context.customers.get(customerNo);
      if (!customer) continue;
      const path = { customerId: customer.id };
      const current = await dataOf(`customer ${customerNo}`, admin.GET('/v1/customers/{customerId}', { params: { path } }));
      if (current.custom?.['tier'] !== undefined) {
        report.existing += 1;
        continue;
      }
      await dataOf(
        `custom values of ${customerNo}`,
        admin.PATCH('/v1/customers/{customerId}', { params: { path, header: ifMatch(current.version) }, body: { custom } }),
      );
      report.created += 1;
    }
    return report;
  },
};
