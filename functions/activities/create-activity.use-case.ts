import { guardFor } from '#shared/customer-records/customer-head';
import type { ActivityDependencies, Caller } from './activity.dependencies';
import type { CreateActivityOutcome } from './activity.ports';
import type { Activity, CreateActivityInput, StoredActivity } from './activity.schema';
import { checkParticipantStaff, CLOCK_SKEW_MS, followUpOf, invalid, participantContactChecks } from './activity.rules';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import { careClosedBy } from '#shared/reminders/care-reminder';

/** The activity type (data dictionary, `activity-types`) of a care action (关怀). */
const CARE_ACTIVITY_TYPE = 'care';

/**
 * Record an activity (a visit, call, e-mail, meeting, care action …) at a customer.
 *
 * Primary course:
 * 1. The activity gets an id whose time part is `occurredAt`, which places it in the customer's timeline.
 * 2. One transaction writes it; checks the customer (exists, not archived, the account manager's own) and the
 *    named contact and participant contacts (live contacts of this customer); moves the customer's `lastContactAt` forward to
 *    `occurredAt`; and, when it has an open follow-up, puts that on the recorder's follow-up list (and its reminder).
 * 3. A care activity (type `care`) on a contact reads the contact first: the reminders of its special days due within
 *    CARE_CLOSE_DAYS are closed (deleted, next year's put) in the same transaction.
 *
 * Alternates: `occurredAt` in the future → ValidationFailed (plan future contact with `nextFollowUpAt`);
 * customer missing, archived or out of scope → CustomerNotFound (404); the contact is not a live contact of
 * the customer → ValidationFailed on `body.contactId` (a participant contact: on `body.participants.contacts.<i>`);
 * a participant staff member who is not an enabled user with a CRM role (user directory) → ValidationFailed on
 * `body.participants.staff.<i>`, nothing written; too many open follow-ups on the customer → LimitReached
 * (409); an activity older than `lastContactAt` leaves it alone (it only moves forward); the same
 * Idempotency-Key and request → the first answer; the key with another request → IdempotencyKeyReused (422).
 */
export const createActivity = async (
  deps: ActivityDependencies,
  request: {
    caller: Caller;
    customerId: string;
    input: CreateActivityInput;
    idempotency?: IdempotencyRequest | undefined;
  },
): Promise<CreateActivityOutcome> => {
  const { caller, customerId, input } = request;
  const now = deps.clock.now();
  const occurredMs = Date.parse(input.occurredAt);
  if (occurredMs > now.getTime() + CLOCK_SKEW_MS) {
    throw invalid('body.occurredAt', 'An activity records what happened; plan future contact with nextFollowUpAt.');
  }
  await checkParticipantStaff(deps.directory, input.participants);
  const at = now.toISOString();
  const activity: StoredActivity = {
    ...input,
    id: deps.ids.at(occurredMs),
    customerId,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  // The contact was checked live by the write itself; its name is resolved when the activity is read.
  const response: Activity = {
    ...activity,
    ...(input.contactId ? { contact: { id: input.contactId, removed: false } } : {}),
    ...(input.participants?.contacts ? { participantContacts: input.participants.contacts.map((id) => ({ id, removed: false })) } : {}),
  };
  // A care activity on a contact closes the care of its coming special days (shared/reminders/care-reminder.ts).
  const care = input.type === CARE_ACTIVITY_TYPE && input.contactId
    ? careClosedBy(await deps.activities.careContact(customerId, input.contactId), input.occurredAt, at)
    : undefined;
  return deps.activities.create(activity, {
    ...(care && care.closed.length > 0 ? { care } : {}),
    guard: guardFor(caller, customerId),
    participantContactChecks: participantContactChecks(input.participants),
    followUp: followUpOf(activity),
    response,
    idempotency: claimOf(request.idempotency, now),
  });
};
