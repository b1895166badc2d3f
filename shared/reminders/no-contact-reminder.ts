import type { DictionaryEntry } from '#shared/dictionary/dictionary';
import { CUSTOMER_OWNER } from './care-reminder';
import type { Reminder } from './reminder';

/**
 * "No contact for N days" (客户关怀: 长期未联系), per customer level: N and the lead time come from the data
 * dictionary's `care-rules` list (shared/dictionary/dictionary.ts), read by the reminder job at delivery — never by the
 * writers, so an administrator's change applies to every pending check at its next delivery.
 *
 * One pending check per customer is the aim, under a key the job derives from the customer as stored: every
 * activity (any contact) arms a check a day after its write; the job, at the check's minute, re-reads the customer
 * (level, lastContactAt, owner) and either delivers it ("no contact since …", to the owner then, with the next check
 * N days on) or moves it to lastContact + N − lead. Checks armed by several activities move to the same key and
 * collapse into one. No AWS import here.
 */

const DAY_MS = 86_400_000;
/** A new check is first looked at a day after the write that arms it (the job then places it where the rule says). */
export const NO_CONTACT_FIRST_LOOK_MS = DAY_MS;
const PREFIX = 'no-contact:';

export const noContactSourceId = (customerId: string): string => `${PREFIX}${customerId}`;
export const noContactCustomerOf = (sourceId: string): string | undefined =>
  sourceId.startsWith(PREFIX) && sourceId.length > PREFIX.length ? sourceId.slice(PREFIX.length) : undefined;

const check = (customerId: string, remindAt: string, dueAt: string, title: string, ownerId?: string): Reminder => ({
  remindAt,
  kind: 'care',
  sourceId: noContactSourceId(customerId),
  recipientId: CUSTOMER_OWNER,
  title,
  dueAt,
  customerId,
  ...(ownerId ? { ownerId } : {}),
  path: `/v1/customers/${customerId}`,
});

const FIRST_LOOK_TITLE = 'No contact check';

/** The check an activity's (or a customer's) write arms: looked at a day later. */
export const noContactCheckOf = (customerId: string, at: string): Reminder => {
  const look = new Date(Date.parse(at) + NO_CONTACT_FIRST_LOOK_MS).toISOString();
  return check(customerId, look, look, FIRST_LOOK_TITLE);
};

/** A check not yet placed by the job (its due time is only the first look, not a day the silence reaches its limit). */
export const isNoContactFirstLook = (reminder: Pick<Reminder, 'title'>): boolean => reminder.title === FIRST_LOOK_TITLE;

/** The customer as the job reads it at delivery. */
export interface NoContactCustomer {
  readonly id: string;
  readonly name?: string | undefined;
  readonly level?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly archived: boolean;
  readonly createdAt?: string | undefined;
  readonly lastContactAt?: string | undefined;
}

export type NoContactDecision =
  | { kind: 'deliver'; reminder: Reminder; next: Reminder }
  | { kind: 'move'; next: Reminder }
  | { kind: 'withdraw' };

/**
 * What a due check becomes (at `now`): withdrawn when the customer is gone, archived, has no owner, or its level has
 * no active rule; moved to lastContact (else creation) + days − leadDays when that is still ahead; else delivered to
 * the owner now, with the next check `days` after this one.
 */
export const noContactDecision = (
  due: Reminder,
  customer: NoContactCustomer | undefined,
  rules: ReadonlyMap<string, Pick<DictionaryEntry, 'days' | 'leadDays' | 'active'>>,
  now: string,
): NoContactDecision => {
  if (!customer || customer.archived || !customer.ownerId || !customer.level) return { kind: 'withdraw' };
  const rule = rules.get(customer.level);
  const since = customer.lastContactAt ?? customer.createdAt;
  if (!rule || !rule.active || !rule.days || rule.leadDays === undefined || !since) return { kind: 'withdraw' };
  const dueAt = Date.parse(since) + rule.days * DAY_MS;
  const remindAt = dueAt - rule.leadDays * DAY_MS;
  const title = `No contact with ${customer.name ?? 'a customer'} for ${rule.days} days`;
  if (remindAt > Date.parse(now)) {
    return { kind: 'move', next: check(customer.id, new Date(remindAt).toISOString(), new Date(dueAt).toISOString(), title, customer.ownerId) };
  }
  // From this check's minute, or from now when the job ran late (a check behind the job's checkpoint is never read).
  const next = Math.max(Date.parse(due.remindAt), Date.parse(now)) + rule.days * DAY_MS;
  return {
    kind: 'deliver',
    reminder: { ...due, recipientId: customer.ownerId, title, dueAt: new Date(dueAt).toISOString(), customerName: customer.name },
    next: check(customer.id, new Date(next).toISOString(), new Date(next + rule.leadDays * DAY_MS).toISOString(), title, customer.ownerId),
  };
};
