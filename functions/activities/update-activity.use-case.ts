import { guardFor } from '#shared/customer-records/customer-head';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import type { ActivityDependencies, Caller } from './activity.dependencies';
import type { ActivityChanges } from './activity.ports';
import type { Activity, StoredActivity, UpdateActivityInput } from './activity.schema';
import {
  checkParticipantStaff,
  followUpAssigneeOf,
  followUpOf,
  invalid,
  participantContactChecks,
  staleVersion,
  visibleActivity,
  withContactReference,
} from './activity.rules';

const sameFollowUp = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Update an activity: its details, its contact, its participants, or its follow-up (reschedule, mark done, remove).
 *
 * Primary course:
 * 1. One consistent read of the customer, the activity and the contact directory: scope, existence and version
 *    are judged first; the new state follows from what was read plus the changes.
 * 2. One transaction applies the changes if the activity still has the version the caller read (If-Match) and
 *    the customer is still visible; it opens, moves or closes the follow-up (marking it done takes it off the
 *    follow-up list) and checks a newly named contact.
 *
 * Rules: a new `nextFollowUpAt` opens a new follow-up (`followUpDone` back to false unless sent); `null` removes
 * the follow-up; a follow-up can only be done when it has a date and never falls before `occurredAt`, which
 * itself cannot change. An open follow-up keeps its assignee (a transfer may have moved it to the new owner); a
 * (re)opened one goes to the recorder if they are the caller or the owner, else to the owner (`followUpAssigneeOf`).
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); activity missing or deleted →
 * ActivityNotFound (404); another version → VersionConflict (412); a contact that is not a live contact of the
 * customer → ValidationFailed; participants replace the old ones as a whole, and those the change adds are checked
 * (staff: enabled users with a CRM role, contacts: live contacts of the customer; else ValidationFailed naming
 * `body.participants.staff.<i>` / `body.participants.contacts.<i>`) — those already on the activity are kept; opening a follow-up past the customer's limit → LimitReached (409); the customer
 * transferred between the read and the write → read again (at most 3 times, then ConcurrentChange, 409).
 */
export const updateActivity = async (
  deps: ActivityDependencies,
  request: { caller: Caller; customerId: string; activityId: string; changes: UpdateActivityInput; expectedVersion: number },
): Promise<Activity> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await updateOnce(deps, request);
    } catch (error) {
      if (!isDomainError(error) || error.code !== ErrorCode.ConcurrentChange || attempt >= 3) throw error;
    }
  }
};

const updateOnce = async (
  deps: ActivityDependencies,
  request: { caller: Caller; customerId: string; activityId: string; changes: UpdateActivityInput; expectedVersion: number },
): Promise<Activity> => {
  const { caller, customerId, activityId, expectedVersion, changes: input } = request;
  const read = await deps.activities.get(customerId, activityId);
  const { customer, activity } = visibleActivity(caller, customerId, activityId, read);
  if (activity.version !== expectedVersion) throw staleVersion(activityId, activity.version);
  await checkParticipantStaff(deps.directory, input.participants, activity.participants);

  const changes: ActivityChanges = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  if (input.nextFollowUpAt === null) changes.followUpDone = false;
  else if (input.nextFollowUpAt !== undefined && input.followUpDone === undefined && input.nextFollowUpAt !== activity.nextFollowUpAt) {
    changes.followUpDone = false;
  }
  const next: Record<string, unknown> = { ...activity };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  const merged = next as StoredActivity;
  if (merged.followUpDone && merged.nextFollowUpAt === undefined) {
    throw invalid('body.followUpDone', 'A follow-up can only be done when it has a date.');
  }
  if (merged.nextFollowUpAt !== undefined && merged.nextFollowUpAt < merged.occurredAt) {
    throw invalid('body.nextFollowUpAt', 'The follow-up cannot be before the activity.');
  }

  const at = deps.clock.now().toISOString();
  const before = followUpOf(activity, read.followUp?.assigneeId);
  const after = followUpOf(merged, followUpAssigneeOf(activity, { open: read.followUp, ownerId: customer.ownerId, caller }));
  const followUpChanged = !sameFollowUp(before, after);
  await deps.activities.update(customerId, activityId, {
    guard: guardFor(caller, customerId),
    expectedVersion,
    changes,
    actor: { username: caller.username, at },
    checkContactId: typeof input.contactId === 'string' && input.contactId !== activity.contactId ? input.contactId : undefined,
    participantContactChecks: participantContactChecks(input.participants, activity.participants),
    followUp: followUpChanged ? { before, after } : {},
    expectedOwnerId: customer.ownerId,
    before: activity,
  });

  const updated: StoredActivity = { ...merged, version: activity.version + 1, updatedAt: at, updatedBy: caller.username };
  const reference = withContactReference(updated, read.directory);
  // Contacts named by this change were checked live by the write: show them so even if the directory lags.
  const checked = new Set(participantContactChecks(input.participants, activity.participants).map((check) => check.contactId));
  return {
    ...reference,
    ...(typeof input.contactId === 'string' && reference.contact ? { contact: { ...reference.contact, removed: false } } : {}),
    ...(reference.participantContacts
      ? { participantContacts: reference.participantContacts.map((contact) => (checked.has(contact.id) ? { ...contact, removed: false } : contact)) }
      : {}),
  };
};
