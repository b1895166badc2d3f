import type { AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, type TransactItem } from '#shared/db/transactions';
import type { WriteCondition } from '#shared/db/update-expression';
import { contactKeys, CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import type { Actor, ParticipantContactCheck } from './activity.ports';

/** The transaction elements and refusals the activity writes share (activity.repository.ts). */
export const activityRefusal = (activityId: string, old: Item | undefined): DomainError =>
  old
    ? new DomainError(
        ErrorCode.VersionConflict,
        `Activity ${activityId} has changed since you read it (now version ${String(old.version)}); read it again.`,
      )
    : new DomainError(ErrorCode.ActivityNotFound, `Activity ${activityId} does not exist at this customer.`);

export const noSuchContact = (): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'The contact must be a current contact of this customer.', {
    errors: [{ path: 'body.contactId', message: 'No such contact at this customer.' }],
  });

/** Participant contact checks, one labelled part each (`participant:<input index>`); one already checked as `contactId` is skipped. */
const PARTICIPANT = 'participant:';
export const participantChecks = (tableName: string, customerId: string, checks: readonly ParticipantContactCheck[] = [], checkedContactId?: string) =>
  checks
    .filter(({ contactId }) => contactId !== checkedContactId)
    .map(({ index, contactId }) => part(`${PARTICIPANT}${index}`, contactCheck(tableName, customerId, contactId)));

export const noSuchParticipants = (labels: readonly string[]): DomainError | undefined => {
  const errors = labels
    .filter((label) => label.startsWith(PARTICIPANT))
    .map((label) => ({ path: `body.participants.contacts.${label.slice(PARTICIPANT.length)}`, message: 'No such contact at this customer.' }));
  return errors.length > 0 ? new DomainError(ErrorCode.ValidationFailed, 'Participant contacts must be current contacts of this customer.', { errors }) : undefined;
};

export const followUpLimit = (): DomainError =>
  new DomainError(
    ErrorCode.LimitReached,
    `A customer has at most ${CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer} open follow-ups; mark some done first.`,
  );

export const contactCheck = (tableName: string, customerId: string, contactId: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: contactKeys.item(customerId, contactId),
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: { '#pk': 'pk' },
  },
});

export const versionCondition = (expectedVersion: number): WriteCondition => ({
  ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
  names: { '#pk': 'pk', '#version': 'version' },
  values: { ':expectedVersion': expectedVersion },
});

/** The audit entry of an activity write, filed under its customer too (the customer history shows it). */
export const activityAuditPut = (
  tableName: string,
  activity: { id: string; customerId: string; version: number },
  actor: Actor,
  action: AuditEvent['action'],
  changes: AuditEvent['changes'],
): TransactItem =>
  auditPut(tableName, {
    at: actor.at,
    actor: actor.username,
    action,
    entityType: 'activity',
    entityId: activity.id,
    customerId: activity.customerId,
    entityVersion: activity.version,
    changes,
  });

