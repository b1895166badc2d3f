import type { Caller } from '#shared/auth/caller';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ContactDirectory } from '#shared/customer-records/contact-directory';
import { customerNotFound, customerVisibleTo, type CustomerHead } from '#shared/customer-records/customer-head';
import type { ParticipantContactCheck } from './activity.ports';
import type { Activity, FollowUp, Participants, StoredActivity } from './activity.schema';

/** Rules shared by the activities use cases. */

/** Clocks differ a little; an activity "now" on a phone must not be refused as being in the future. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export const activityNotFound = (activityId: string): DomainError =>
  new DomainError(ErrorCode.ActivityNotFound, `Activity ${activityId} does not exist at this customer.`);

export const invalid = (path: string, message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors: [{ path, message }] });

/**
 * The open follow-up of an activity, or none. It is open while it has a date and is not done, and it is on the
 * list of `assigneeId`: by default the user who recorded the activity (`createdBy`); see `followUpAssigneeOf`.
 */
export const followUpOf = (activity: StoredActivity, assigneeId = activity.createdBy): FollowUp | undefined =>
  activity.nextFollowUpAt !== undefined && !activity.followUpDone
    ? {
        activityId: activity.id,
        customerId: activity.customerId,
        assigneeId,
        dueAt: activity.nextFollowUpAt,
        type: activity.type,
        title: activity.title,
        occurredAt: activity.occurredAt,
        ...(activity.contactId ? { contactId: activity.contactId } : {}),
      }
    : undefined;

/**
 * Whose list an activity's follow-up is on after a change (docs/data-model.md, "Decisions"). An open follow-up
 * keeps its assignee as stored, whoever reschedules it — a customer transfer may have moved it to the new owner,
 * so it is not derived from `createdBy` again. One (re)opened goes to the recorder if they are the caller or the
 * customer's owner, else to the owner: it never lands with a former owner who can no longer see the customer.
 */
export const followUpAssigneeOf = (
  activity: StoredActivity,
  read: { open?: FollowUp | undefined; ownerId: string; caller: Caller },
): string =>
  read.open?.assigneeId ??
  (activity.createdBy === read.caller.username || activity.createdBy === read.ownerId ? activity.createdBy : read.ownerId);

const referenceOf = (contactId: string, directory: ContactDirectory) => {
  const entry = directory[contactId];
  return { id: contactId, ...(entry ? { name: entry.name } : {}), removed: !entry || entry.removedAt !== undefined };
};

/** The activity as the API shows it: its contact and participant contacts named from the directory, or shown as removed. */
export const withContactReference = (activity: StoredActivity, directory: ContactDirectory): Activity => {
  const contacts = activity.participants?.contacts;
  return {
    ...activity,
    ...(activity.contactId ? { contact: referenceOf(activity.contactId, directory) } : {}),
    ...(contacts ? { participantContacts: contacts.map((contactId) => referenceOf(contactId, directory)) } : {}),
  };
};

/** The participant contacts to check: those not already on the activity (`known`), each with its input index. */
export const participantContactChecks = (participants: Participants | null | undefined, known: Participants | undefined = undefined): ParticipantContactCheck[] =>
  (participants?.contacts ?? [])
    .map((contactId, index) => ({ index, contactId }))
    .filter(({ contactId }) => !(known?.contacts ?? []).includes(contactId));

/**
 * Participant staff must be enabled users with a CRM role, as the user directory knows them; names already on the
 * activity (`known`) were checked when they were added and are kept. Every refused one is named (400).
 */
export const checkParticipantStaff = async (
  directory: UserDirectory,
  participants: Participants | null | undefined,
  known: Participants | undefined = undefined,
): Promise<void> => {
  const refused = await Promise.all(
    (participants?.staff ?? []).map(async (username, index) => {
      if ((known?.staff ?? []).includes(username)) return undefined;
      const user = await directory.findUser(username);
      return user && user.enabled && user.roles.length > 0
        ? undefined
        : { path: `body.participants.staff.${index}`, message: `No enabled staff user ${username}.` };
    }),
  );
  const errors = refused.filter((error) => error !== undefined);
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
};

export const visibleActivity = (
  caller: Caller,
  customerId: string,
  activityId: string,
  read: { customer?: CustomerHead | undefined; activity?: StoredActivity | undefined },
): { customer: CustomerHead; activity: StoredActivity } => {
  if (!customerVisibleTo(caller, read.customer)) throw customerNotFound(customerId);
  if (!read.activity) throw activityNotFound(activityId);
  return { customer: read.customer, activity: read.activity };
};

export const staleVersion = (activityId: string, current: number): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Activity ${activityId} has changed since you read it (now version ${current}); read it again.`);
