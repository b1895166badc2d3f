import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';

/**
 * One (re)assignment of an opportunity, in its item collection (`sk = ASSIGNMENT#<at>#<fromVersion>`), written in
 * the same transaction as the header change: the assignment history.
 */
export interface OpportunityAssignment {
  readonly opportunityId: string;
  /** The previous assignee, when there was one. */
  readonly fromAssigneeId?: string | undefined;
  readonly toAssigneeId: string;
  readonly toAssigneeName: string;
  readonly assignedBy: string;
  readonly assignedAt: string;
  /** The header's version the assignment moved on from. */
  readonly fromVersion: number;
}

export const opportunityAssignmentEntity = defineEntity<OpportunityAssignment>({
  name: 'OpportunityAssignment',
  fields: fieldsOf<OpportunityAssignment>()('opportunityId', 'fromAssigneeId', 'toAssigneeId', 'toAssigneeName', 'assignedBy', 'assignedAt', 'fromVersion'),
  keyOf: (assignment) => opportunityKeys.assignment(assignment.opportunityId, assignment.assignedAt, assignment.fromVersion),
});
