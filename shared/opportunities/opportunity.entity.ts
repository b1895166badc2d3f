import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { Opportunity } from './opportunity.model';

/**
 * The opportunity header (`pk = OPPORTUNITY#<id>`, `sk = OPPORTUNITY`), declared once: every reader and writer of
 * the header goes through it. docs/data-model.md, "Opportunities", explains the keys and indexes.
 */
export const OPPORTUNITY_FIELDS = fieldsOf<Opportunity>()(
  'id', 'prospectName', 'customerId', 'summary', 'successRate', 'source', 'contactName', 'contactPhone', 'description',
  'estimatedAmount', 'expectedCloseDate', 'stage', 'probability', 'lines', 'status', 'assigneeId', 'assigneeName', 'assignedAt', 'assignedBy', 'closedAt',
  'closedBy', 'lostReason', 'custom', 'campaignId', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

/**
 * The index attributes of a header: every index sorts by creation time, then id. The assignee index holds only
 * assigned (then won / lost) opportunities, the source index only those with a source.
 */
const indexesOf = (opportunity: Pick<Opportunity, 'id' | 'createdAt' | 'status' | 'assigneeId' | 'source' | 'customerId'>) => {
  const sk = opportunityKeys.sortKey(opportunity.createdAt, opportunity.id);
  const { byAssignee, byCreation, byCustomer, bySource, byStatus } = opportunityKeys;
  return {
    [byCreation.pkAttribute]: byCreation.pk(),
    [byCreation.skAttribute]: sk,
    [byStatus.pkAttribute]: byStatus.pk(opportunity.status),
    [byStatus.skAttribute]: sk,
    [byAssignee.pkAttribute]: opportunity.assigneeId ? byAssignee.pk(opportunity.assigneeId) : undefined,
    [byAssignee.skAttribute]: opportunity.assigneeId ? sk : undefined,
    [bySource.pkAttribute]: opportunity.source ? bySource.pk(opportunity.source) : undefined,
    [bySource.skAttribute]: opportunity.source ? sk : undefined,
    [byCustomer.pkAttribute]: opportunity.customerId ? byCustomer.pk(opportunity.customerId) : undefined,
    [byCustomer.skAttribute]: opportunity.customerId ? sk : undefined,
  };
};

export const opportunityEntity = defineEntity<Opportunity>({
  name: 'Opportunity',
  fields: OPPORTUNITY_FIELDS,
  keyOf: (opportunity) => opportunityKeys.item(opportunity.id),
  indexesOf,
});

/**
 * The index attributes an Update must SET and REMOVE when a header goes from `before` to `after` (the write is
 * conditional on the version `before` was read at, so `before`'s attributes are the stored ones).
 */
export const opportunityIndexChanges = (before: Opportunity, after: Opportunity): { set: Record<string, string | number>; remove: string[] } => {
  const old = opportunityEntity.indexAttributes(before);
  const next = opportunityEntity.indexAttributes(after);
  return {
    set: Object.fromEntries(Object.entries(next).filter(([attribute, value]) => old[attribute] !== value)),
    remove: Object.keys(old).filter((attribute) => !(attribute in next)),
  };
};
