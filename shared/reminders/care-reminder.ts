import type { Reminder } from './reminder';

/**
 * Care reminders (关怀提醒): a contact's special days — a birthday, an anniversary — remind the customer's owner
 * CARE_LEAD_DAYS before the day, every year. The reminder of a day is derived from the contact's stored fields and
 * the instant of the write, so the write that changes or removes the day computes the same key to delete; the
 * reminder job puts next year's when it delivers this year's (functions/jobs/reminders.use-case.ts). No AWS import.
 */

/** Days before a special day that its reminder is sent. */
export const CARE_LEAD_DAYS = 3;
/** The hour (UTC) a special day is due: 09:00 in China. */
const CARE_HOUR_UTC = 1;
/** The reminder goes to whoever owns the customer when it is delivered (a transfer needs no rewrite). */
export const CUSTOMER_OWNER = 'customer-owner';

const DAY_MS = 86_400_000;

export interface CareSpecialDay {
  readonly type: string;
  readonly label?: string | undefined;
  /** `YYYY-MM-DD` or `MM-DD`. */
  readonly date: string;
}

export interface CareContact {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly specialDays?: readonly CareSpecialDay[] | undefined;
  /** The customer's owner at the write, when the writer knows it: puts the reminder on the owner's calendar. */
  readonly ownerId?: string | undefined;
}

const monthDayOf = (date: string): string => date.slice(-5);

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The day in `year` (29 February is kept on the 28th in a common year), at CARE_HOUR_UTC. */
export const occurrenceIn = (monthDay: string, year: number): Date => {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const kept = month === 2 && day === 29 && !isLeap(year) ? 28 : day;
  return new Date(Date.UTC(year, month - 1, kept, CARE_HOUR_UTC));
};

/** `contactId:type:MM-DD`: one reminder per day of a contact (two labels on one day share it). */
export const careSourceId = (contactId: string, day: Pick<CareSpecialDay, 'type' | 'date'>): string => `${contactId}:${day.type}:${monthDayOf(day.date)}`;

/** The contact, the type and the day of a care reminder's source id (undefined for another shape). */
export const careSourceOf = (sourceId: string): { contactId: string; type: string; monthDay: string } | undefined => {
  const match = /^([^:]+):([^:]+):(\d{2}-\d{2})$/.exec(sourceId);
  return match ? { contactId: match[1]!, type: match[2]!, monthDay: match[3]! } : undefined;
};

const titleOf = (contact: CareContact, day: CareSpecialDay): string =>
  day.type === 'birthday' ? `Birthday of ${contact.name}` : `${day.label ?? day.type}: ${contact.name}`;

/**
 * The reminder of the first occurrence of `day` whose reminder time is after `after` (a reminder in a minute the job
 * has already read would never be delivered).
 */
export const specialDayReminderOf = (contact: CareContact, day: CareSpecialDay, after: string): Reminder => {
  const monthDay = monthDayOf(day.date);
  let year = Number(after.slice(0, 4));
  let due = occurrenceIn(monthDay, year);
  while (due.getTime() - CARE_LEAD_DAYS * DAY_MS <= Date.parse(after)) {
    year += 1;
    due = occurrenceIn(monthDay, year);
  }
  return {
    remindAt: new Date(due.getTime() - CARE_LEAD_DAYS * DAY_MS).toISOString(),
    kind: 'care',
    sourceId: careSourceId(contact.id, day),
    recipientId: CUSTOMER_OWNER,
    title: titleOf(contact, day),
    dueAt: due.toISOString(),
    customerId: contact.customerId,
    ...(contact.ownerId ? { ownerId: contact.ownerId } : {}),
    path: `/v1/customers/${contact.customerId}/contacts/${contact.id}`,
  };
};

/** The pending care reminders of a contact at `at`: one per distinct day. */
export const careRemindersOf = (contact: CareContact | undefined, at: string): Reminder[] => {
  const byKey = new Map<string, Reminder>();
  for (const day of contact?.specialDays ?? []) {
    const reminder = specialDayReminderOf(contact!, day, at);
    if (!byKey.has(reminder.sourceId)) byKey.set(reminder.sourceId, reminder);
  }
  return [...byKey.values()];
};

/** The special day of `contact` a care reminder stands for, if the contact still has it. */
export const specialDayOfReminder = (contact: CareContact, sourceId: string): CareSpecialDay | undefined => {
  const source = careSourceOf(sourceId);
  if (!source || source.contactId !== contact.id) return undefined;
  return contact.specialDays?.find((day) => day.type === source.type && monthDayOf(day.date) === source.monthDay);
};

/** A care activity (type `care`) on a contact closes the care of its special days due within this many days after it. */
export const CARE_CLOSE_DAYS = 30;

/**
 * What a care activity on `contact` at `occurredAt` closes (written at `at`): the pending reminder of each special
 * day due within CARE_CLOSE_DAYS of it (a gift sent early: no reminder needed this year), each replaced by next
 * year's. A reminder already delivered has been replaced by next year's already, so nothing is closed twice.
 */
export const careClosedBy = (contact: CareContact | undefined, occurredAt: string, at: string): { closed: Reminder[]; next: Reminder[] } => {
  const closed = careRemindersOf(contact, at).filter(
    (reminder) => Date.parse(reminder.dueAt) >= Date.parse(occurredAt) && Date.parse(reminder.dueAt) - Date.parse(occurredAt) <= CARE_CLOSE_DAYS * DAY_MS,
  );
  const next = closed.map((reminder) => specialDayReminderOf(contact!, specialDayOfReminder(contact!, reminder.sourceId)!, reminder.remindAt));
  return { closed, next };
};
