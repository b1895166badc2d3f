import { describe, expect, it } from 'vitest';
import type { Opportunity } from '#shared/opportunities/opportunity.model';
import { opportunityCreateParts } from '#shared/opportunities/opportunity-create.writes';

const TABLE = 'crm-test';
const opportunity = (extra: Partial<Opportunity> = {}): Opportunity => ({
  id: '01JOPPCREATEWRITES000000001',
  prospectName: 'Acme',
  summary: 'Demo',
  successRate: 20,
  stage: 'initial-contact',
  probability: 10,
  estimatedAmount: { amount: 120_000, currency: 'CNY' },
  expectedCloseDate: '2027-03-31',
  status: 'unassigned',
  version: 1,
  createdAt: '2026-12-08T01:00:00.000Z',
  createdBy: 'sm1',
  updatedAt: '2026-12-08T01:00:00.000Z',
  updatedBy: 'sm1',
  ...extra,
});

describe('opportunityCreateParts (shared/opportunities: what creating an opportunity writes, wherever it happens)', () => {
  it('writes the header once, its pipeline, forecast and first stage move, the customer check, the idempotency record, the audit entry last', () => {
    // Prepare
    const created = opportunity({ customerId: '01JOPPCREATEWRITESCUSTOMER1' });
    const claim = { key: 'k-1', fingerprint: 'f', expiresAt: 1, scope: 'sm1' } as never;

    // Act
    const sent = opportunityCreateParts(TABLE, created, { claim, response: { answer: 1 } });

    // Assess
    const labels = sent.map((element) => element.label);
    expect(labels[0]).toBe('header');
    expect(labels.at(-1)).toBe('audit');
    expect(labels).toEqual(expect.arrayContaining(['pipeline', 'forecast', 'stageMove', 'existingCustomer', 'idempotency']));
    const header = sent[0]!.item.Put!;
    expect(header.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(header.Item).toMatchObject({ pk: `OPPORTUNITY#${created.id}`, customerId: created.customerId, status: 'unassigned' });
    // The customer index is part of the header itself.
    expect(Object.values(header.Item!)).toContain(`OPPORTUNITY#CUSTOMER#${created.customerId}`);
    expect(sent.find((element) => element.label === 'existingCustomer')!.item.ConditionCheck!.Key).toEqual({ pk: `CUSTOMER#${created.customerId}`, sk: 'CUSTOMER' });
  });

  it('checks no customer for a prospect and writes no idempotency record without a claim', () => {
    // Act
    const labels = opportunityCreateParts(TABLE, opportunity()).map((element) => element.label);

    // Assess
    expect(labels).not.toContain('existingCustomer');
    expect(labels).not.toContain('idempotency');
    expect(labels.filter((label) => label === 'header')).toHaveLength(1);
  });
});
