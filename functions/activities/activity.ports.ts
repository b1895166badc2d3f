import type { ContactDirectory } from '#shared/customer-records/contact-directory';
import type { CustomerGuard, CustomerHead } from '#shared/customer-records/customer-head';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { CareContact } from '#shared/reminders/care-reminder';
import type { Reminder } from '#shared/reminders/reminder';
import type { Activity, FollowUp, StoredActivity } from './activity.schema';

/** The domain side of activities and follow-ups: what the use cases need from storage, free of AWS types. */

export type { ContactDirectory, IdempotencyClaim };

/** A participant contact the write must find a current contact of the customer; `index` is its place in the input. */
export interface ParticipantContactCheck {
  readonly index: number;
  readonly contactId: string;
}

export type PageKey = Record<string, string | number>;

export interface Actor {
  readonly username: string;
  readonly at: string;
}

export type CreateActivityOutcome = { kind: 'created' | 'replayed'; activity: Activity };

/** Field changes of a PATCH: a value sets, `null` clears. */
export type ActivityChanges = Partial<Record<keyof StoredActivity, unknown>>;

/** What an activity read returns: the activity, the customer it is under, the contact directory, its open follow-up. */
export interface ActivityRead {
  readonly customer?: CustomerHead | undefined;
  readonly activity?: StoredActivity | undefined;
  readonly directory: ContactDirectory;
  /** The activity's open follow-up as stored: whose list it is on (a transfer may have moved it). */
  readonly followUp?: FollowUp | undefined;
}

export interface ActivityListCriteria {
  /** occurredAt ≥ from (epoch ms). */
  readonly from?: number | undefined;
  /** occurredAt < to (epoch ms). */
  readonly to?: number | undefined;
  readonly type?: string | undefined;
}

/** What an `update` is given besides the record's ids. */
export interface ActivityUpdate {
  guard: CustomerGuard;
  expectedVersion: number;
  changes: ActivityChanges;
  actor: Actor;
  /** A contact the change names: it must be a live contact of the customer. */
  checkContactId?: string | undefined;
  /** Participant contacts the change adds: each must be a live contact of the customer. */
  participantContactChecks?: readonly ParticipantContactCheck[] | undefined;
  followUp: { before?: FollowUp | undefined; after?: FollowUp | undefined };
  /** The customer's owner as read: a follow-up put is held to it (a transfer meanwhile → ConcurrentChange). */
  expectedOwnerId?: string | undefined;
  /** The activity as read at `expectedVersion`: the audit entry's old values. */
  before: StoredActivity;
}

export interface ActivityRepository {
  /**
   * One transaction: the activity; the customer guard, moving `lastContactAt` forward to `occurredAt` (never
   * back) and counting an open follow-up (bounded); the contact checks (its contact, its participant contacts); the
   * open follow-up; the idempotency record.
   */
  create(
    activity: StoredActivity,
    options: {
      guard: CustomerGuard;
      /** Participant contacts that must be live contacts of the customer (refused → 400 naming each). */
      participantContactChecks?: readonly ParticipantContactCheck[] | undefined;
      followUp?: FollowUp | undefined;
      response: Activity;
      idempotency?: IdempotencyClaim | undefined;
      /** A care activity's effect on its contact's care reminders: these deleted, their next year's put. */
      care?: { closed: readonly Reminder[]; next: readonly Reminder[] } | undefined;
    },
  ): Promise<CreateActivityOutcome>;
  /** A contact of the customer with its special days (one GetItem), for a care activity. */
  careContact(customerId: string, contactId: string): Promise<CareContact | undefined>;
  /** The customer, the activity and the contact directory: one consistent read. */
  get(customerId: string, activityId: string): Promise<ActivityRead>;
  /** One page of the customer's live activities, newest first, with the customer and the contact directory. */
  list(
    customerId: string,
    criteria: ActivityListCriteria,
    page: { limit: number; startKey?: PageKey | undefined },
  ): Promise<{ customer?: CustomerHead | undefined; directory: ContactDirectory; items: StoredActivity[]; lastKey?: PageKey | undefined }>;
  /**
   * Applies the changes when the version is still `expectedVersion`; replaces, opens or closes the activity's
   * follow-up (`before` → `after`) and checks a newly named contact — one transaction.
   */
  update(
    customerId: string,
    activityId: string,
    options: ActivityUpdate,
  ): Promise<void>;
  /** Moves the activity out of the timeline (restorable) and closes its follow-up. */
  remove(
    activity: StoredActivity,
    options: { guard: CustomerGuard; expectedVersion: number; actor: Actor; openFollowUp?: FollowUp | undefined },
  ): Promise<void>;
  /** A user's open follow-ups, soonest first. */
  listFollowUps(
    assigneeId: string,
    criteria: { dueBefore?: string | undefined },
    page: { limit: number; startKey?: PageKey | undefined },
  ): Promise<{ items: FollowUp[]; lastKey?: PageKey | undefined }>;
}
