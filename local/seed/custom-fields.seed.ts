import type { SeedContext, SeedSection } from './seed-section';
import { failure } from './seed-section';

/**
 * Demo custom fields (扩展字段): a customer tier (single select) and a contract expiry date, defined by the
 * administrator, with values on a few demo customers so `npm start` shows them on GET, in lists
 * (`GET /v1/customers?custom.tier=gold`) and in the 360 view. Neither is required: the demo clients' forms keep
 * working without them.
 *
 * Re-seeding adds nothing twice: a definition that exists (its key taken: 409) is looked up, and a customer that
 * already has a value is left alone.
 */
const FIELDS = [
  {
    entityType: 'customer', key: 'tier', label: '客户分层', type: 'singleSelect', order: 10,
    options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }, { code: 'bronze', label: '铜牌' }],
  },
  { entityType: 'customer', key: 'contractExpiry', label: '框架合同到期日', type: 'date', order: 20 },
] as const;

const VALUES: readonly { customerNo: string; custom: Record<string, unknown> }[] = [
  { customerNo: 'KH-BJ-0001', custom: { tier: 'gold', contractExpiry: '2027-06-30' } },
  { customerNo: 'KH-SH-0002', custom: { tier: 'gold', contractExpiry: '2027-03-31' } },
  { customerNo: 'KH-CQ-0003', custom: { tier: 'silver' } },
  { customerNo: 'EN-0001', custom: { tier: 'bronze', contractExpiry: '2026-12-31' } },
];

const defineFields = async (context: SeedContext): Promise<{ created: number; existing: number }> => {
  let created = 0;
  let existing = 0;
  for (const field of FIELDS) {
    const answer = await context.create('admin', '/v1/custom-fields', { ...field });
    if (answer.status === 201 && answer.headers.get('idempotent-replayed') !== 'true') created += 1;
    else if (answer.status === 201 || answer.status === 409) existing += 1;
    else throw failure(`custom field ${field.key}`, answer);
  }
  return { created, existing };
};

export const customFieldsSection: SeedSection = {
  name: 'custom fields',
  async run(context) {
    const report = await defineFields(context);
    for (const { customerNo, custom } of VALUES) {
      const customer = context.customers.get(customerNo);
      if (!customer) continue;
      const current = await context.get('admin', `/v1/customers/${customer.id}`);
      const body = current.json as { version: number; custom?: Record<string, unknown> };
      if (current.status !== 200) throw failure(`customer ${customerNo}`, current);
      if (body.custom?.tier !== undefined) {
        report.existing += 1;
        continue;
      }
      const answer = await context.send('admin', 'PATCH', `/v1/customers/${customer.id}`, { body: { custom }, headers: { 'if-match': `"${body.version}"` } });
      if (answer.status !== 200) throw failure(`custom values of ${customerNo}`, answer);
      report.created += 1;
    }
    return report;
  },
};
