import type { ReminderKind } from '#shared/reminders/reminder';

/**
 * In-app notifications (the inbox) and their e-mail copy. A delivered reminder becomes one notification; the
 * reminder job (functions/jobs/reminders.use-case.ts) writes it, the workbench routes read and mark it. No AWS
 * import here.
 */

/** pending: waits in the mail index until `sendAfter`; sending: claimed by one run; then sent / failed / skipped. */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface Notification {
  readonly id: string;
  readonly userId: string;
  readonly kind: ReminderKind;
  readonly title: string;
  readonly dueAt: string;
  readonly sourceId: string;
  readonly path: string;
  readonly customerId?: string | undefined;
  readonly customerName?: string | undefined;
  /** When the reminder asked to be told, and when it was delivered. */
  readonly remindAt: string;
  readonly createdAt: string;
  readonly readAt?: string | undefined;
  readonly mailStatus?: MailStatus | undefined;
  /** Not before this instant (quiet hours move it). */
  readonly sendAfter?: string | undefined;
  readonly mailedAt?: string | undefined;
  readonly mailError?: string | undefined;
  readonly version: number;
}

/** Quiet hours: no e-mail between `start` and `end` (local time of `timeZone`; may wrap midnight). */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
}

export interface NotificationPreferences {
  readonly emailEnabled: boolean;
  readonly quietHours?: QuietHours | undefined;
  readonly version: number;
  readonly updatedAt?: string | undefined;
}

/** What a user has before they set anything: e-mail on, no quiet hours (version 1, not stored). */
export const DEFAULT_PREFERENCES: NotificationPreferences = { emailEnabled: true, version: 1 };

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The local wall-clock minute of the day of `at` in `timeZone`. */
const localMinute = (at: Date, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
};

/**
 * When an e-mail may go out, given quiet hours: `at` itself outside them, else the end of the quiet period (to the
 * minute). Start = end means no quiet hours.
 */
export const mailTimeAfterQuietHours = (at: Date, quiet: QuietHours | undefined): Date => {
  if (!quiet) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return at;
  const now = localMinute(at, quiet.timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  const wait = (end - now + 24 * 60) % (24 * 60);
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
};

// eslint-disable-next-line no-control-regex
const HEADER_BREAKERS = /[\u0000-\u001F\u007F\u0085\u2028\u2029]+/g;

/** A value safe for a mail header (Subject): no CR, LF or other control character can start a new header. */
export const headerSafe = (value: string, max = 200): string => value.replace(HEADER_BREAKERS, ' ').trim().slice(0, max);

/** Text made safe for HTML (element content and quoted attributes). */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

/** An address SES may be given: one mailbox, no spaces, no header or list separators. */
export const isMailableAddress = (address: string | undefined): address is string =>
  address !== undefined && address.length <= 254 && /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/.test(address);

const KIND_LABEL: Record<ReminderKind, string> = {
  task: '任务 Task',
  'follow-up': '跟进 Follow-up',
  'plan-step': '计划步骤 Plan step',
  service: '服务请求 Service request',
  churn: '流失预警 Churn risk',
  care: '客户关怀 Care',
  dunning: '催款 Overdue balance',
  portal: '客户门户 Customer portal',
};

/** The reminder e-mail: subject, text and HTML, every interpolated value made safe for where it goes. */
export const reminderMail = (notification: Notification, recipientName: string) => {
  const label = KIND_LABEL[notification.kind];
  const due = notification.dueAt.replace('T', ' ').slice(0, 16) + ' UTC';
  const lines = [
    `${recipientName},`,
    `${label}: ${notification.title}`,
    `Due: ${due}`,
    ...(notification.customerName ? [`Customer: ${notification.customerName}`] : []),
    `Open: ${notification.path}`,
  ];
  return {
    subject: headerSafe(`[CRM] ${label}: ${notification.title}`),
    text: lines.join('\n'),
    html: `<p>${lines.map(escapeHtml).join('<br>')}</p>`,
  };
};
