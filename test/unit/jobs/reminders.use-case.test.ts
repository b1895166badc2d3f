import { beforeEach, describe, expect, it } from 'vitest';
import { runReminders, type ReminderJobDependencies } from '#functions/jobs/reminders.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { headerSafe, mailTimeAfterQuietHours } from '#shared/notifications/notification';
import type { Reminder } from '#shared/reminders/reminder';
import { fakeRecipients, InMemoryReminderJobStore, recordingMailer } from '#test/fakes/in-memory-reminder-job';
import { steppingClock } from '#test/fakes/service-test-kit';

const reminder = (remindAt: string, sourceId: string, recipientId = 'am1'): Reminder => ({
  remindAt, kind: 'task', sourceId, recipientId, title: `Task ${sourceId}`, dueAt: '2026-12-07T12:00:00.000Z', path: `/v1/tasks/${sourceId}`,
});

describe('the reminder job', () => {
  let store: InMemoryReminderJobStore;
  let mail: ReturnType<typeof recordingMailer>;
  let time: ReturnType<typeof steppingClock>;
  let deps: ReminderJobDependencies;

  beforeEach(() => {
    store = new InMemoryReminderJobStore();
    mail = recordingMailer();
    time = steppingClock('2026-12-07T08:00:30.000Z');
    deps = {
      store,
      mailer: mail.mailer,
      directory: fakeRecipients({ am1: { name: '李雷', email: 'am1@example.com' }, am2: { name: 'Jane', email: 'not an address' }, gone: { name: 'Gone', email: 'g@example.com', enabled: false } }),
      clock: time.clock,
      ids: ulidGenerator(seededRandom(3)),
      settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
    };
  });

  it('delivers what is due since the checkpoint, once: one Query per minute elapsed, whatever is scheduled later', async () => {
    // Prepare: the last run covered 07:58:30; three due, one not yet, 10,000 far in the future.
    store.coveredTo = '2026-12-07T07:58:30.000Z';
    store.add(reminder('2026-12-07T07:59:10.000Z', 'a'));
    store.add(reminder('2026-12-07T08:00:05.000Z', 'b'));
    store.add(reminder('2026-12-07T08:00:29.000Z', 'c', 'am2'));
    store.add(reminder('2026-12-07T08:00:40.000Z', 'later'));
    for (let i = 0; i < 10_000; i += 1) store.add(reminder(`2027-01-0${1 + (i % 9)}T09:00:00.000Z`, `f${i}`));

    // Act
    const first = await runReminders(deps);
    time.advance(30_000);
    const second = await runReminders(deps);

    // Assess
    expect(first).toMatchObject({ found: 3, delivered: 3, alreadyGone: 0, buckets: 4, mailed: 2, mailSkipped: 1 });
    // 07:57 (the 60 s overlap before the checkpoint) … 08:00: four minute buckets, four Queries.
    expect(store.queries).toBe(4 + second.buckets);
    expect(second).toMatchObject({ found: 1, delivered: 1 });
    expect([...store.notifications.values()].map((item) => item.sourceId).sort()).toEqual(['a', 'b', 'c', 'later']);
    expect(mail.sent.map((sent) => sent.to)).toEqual(['am1@example.com', 'am1@example.com', 'am1@example.com']);
    expect([...store.notifications.values()].find((item) => item.sourceId === 'c')).toMatchObject({ mailStatus: 'skipped', mailError: 'no usable e-mail address' });
    expect(store.coveredTo).toBe('2026-12-07T08:01:00.000Z');
  });

  it('holds e-mail through quiet hours (in-app at once), then sends it; a refused send is recorded failed, never retried', async () => {
    // Prepare: am1 is quiet 15:00–18:00 in Shanghai (07:00–10:00 UTC); a reminder due now.
    store.preferencesOf.set('am1', { emailEnabled: true, quietHours: { start: '15:00', end: '18:00', timeZone: 'Asia/Shanghai' }, version: 2 });
    store.add(reminder('2026-12-07T08:00:10.000Z', 'q'));
    store.add(reminder('2026-12-07T08:00:11.000Z', 'r', 'am2'));
    store.preferencesOf.set('am2', { emailEnabled: true, version: 2 });
    deps = { ...deps, directory: fakeRecipients({ am1: { name: 'A', email: 'am1@example.com' }, am2: { name: 'B', email: 'am2@example.com' } }) };
    mail.refuse('MessageRejected');

    // Act
    const during = await runReminders(deps, { since: '2026-12-07T08:00:00.000Z' });
    mail.refuse(undefined);
    time.advance(2 * 3_600_000);
    const after = await runReminders(deps, { since: '2026-12-07T10:00:00.000Z' });
    const later = await runReminders(deps, { since: '2026-12-07T10:00:00.000Z' });

    // Assess
    const quiet = [...store.notifications.values()].find((item) => item.sourceId === 'q');
    expect(during).toMatchObject({ delivered: 2, mailed: 0, mailFailed: 1 });
    expect(quiet).toMatchObject({ mailStatus: 'sent', sendAfter: '2026-12-07T10:00:00.000Z' });
    expect([...store.notifications.values()].find((item) => item.sourceId === 'r')).toMatchObject({ mailStatus: 'failed', mailError: 'MessageRejected' });
    expect(after.mailed).toBe(1);
    expect(later.mailed).toBe(0);
    expect(mail.sent.map((sent) => sent.to)).toEqual(['am1@example.com']);
  });

  it('stops at its cap and resumes where it stopped; the first run looks back 15 minutes', async () => {
    // Prepare
    deps = { ...deps, settings: { ...deps.settings, maxRemindersPerRun: 2 } };
    for (const [at, id] of [['2026-12-07T07:50:00.000Z', 'x1'], ['2026-12-07T07:51:00.000Z', 'x2'], ['2026-12-07T07:52:00.000Z', 'x3'], ['2026-12-07T07:40:00.000Z', 'old']] as const) store.add(reminder(at, id));

    // Act
    const first = await runReminders(deps);
    const second = await runReminders(deps);

    // Assess
    expect(first).toMatchObject({ from: '2026-12-07T07:45:30.000Z', delivered: 2 });
    expect(second.delivered).toBe(1);
    expect(store.reminders.size).toBe(1);
  });

  it('delivers several at once, never more than its concurrency nor two of one recipient together, each exactly once', async () => {
    // Prepare: 40 due for 8 recipients, two in a row each; a delivery takes a turn of the event loop; concurrency 4.
    for (let i = 0; i < 40; i += 1) store.add(reminder(`2026-12-07T08:00:${String(Math.floor(i / 2)).padStart(2, '0')}.000Z`, `p${i}`, `u${Math.floor(i / 2) % 8}`));
    let inFlight = 0;
    let most = 0;
    const busy = new Set<string>();
    let sameRecipientTogether = false;
    const deliver = store.deliver.bind(store);
    store.deliver = async (due, notification, next) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      if (busy.has(notification.userId)) sameRecipientTogether = true;
      busy.add(notification.userId);
      await new Promise((resolve) => setImmediate(resolve));
      busy.delete(notification.userId);
      inFlight -= 1;
      return deliver(due, notification, next);
    };
    deps = { ...deps, settings: { ...deps.settings, deliveryConcurrency: 4 } };

    // Act
    const first = await runReminders(deps, { since: '2026-12-07T08:00:00.000Z' });
    const again = await runReminders(deps, { since: '2026-12-07T08:00:00.000Z' });

    // Assess
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    expect(sameRecipientTogether).toBe(false);
    expect(first).toMatchObject({ found: 40, delivered: 40, alreadyGone: 0 });
    expect(again).toMatchObject({ found: 0, delivered: 0 });
    expect(new Set([...store.notifications.values()].map((item) => item.sourceId)).size).toBe(40);
    expect([...store.unread.values()].reduce((sum, count) => sum + count, 0)).toBe(40);
  });

  it('a delivery that fails ends the run after the ones in flight, leaves the checkpoint, and the next run delivers the rest once', async () => {
    // Prepare: 12 due; the delivery of p5 fails once.
    store.coveredTo = '2026-12-07T07:59:59.000Z';
    for (let i = 0; i < 12; i += 1) store.add(reminder(`2026-12-07T08:00:${String(i).padStart(2, '0')}.000Z`, `p${i}`, `u${i}`));
    const deliver = store.deliver.bind(store);
    let failOnce = true;
    store.deliver = async (due, notification, next) => {
      if (due.sourceId === 'p5' && failOnce) {
        failOnce = false;
        throw new Error('ProvisionedThroughputExceededException');
      }
      return deliver(due, notification, next);
    };
    deps = { ...deps, settings: { ...deps.settings, deliveryConcurrency: 3 } };

    // Act
    const failed = await runReminders(deps).catch((error: Error) => error);
    const checkpointAfterFailure = store.coveredTo;
    const rest = await runReminders(deps);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(checkpointAfterFailure).toBe('2026-12-07T07:59:59.000Z');
    expect(rest.delivered).toBeGreaterThanOrEqual(1);
    expect(new Set([...store.notifications.values()].map((item) => item.sourceId)).size).toBe(12);
    expect([...store.notifications.values()]).toHaveLength(12);
    expect(store.reminders.size).toBe(0);
    expect(store.coveredTo).toBe('2026-12-07T08:00:30.000Z');
  });

  it('keeps CR/LF out of mail headers and works out the end of quiet hours across midnight', () => {
    expect(headerSafe('Hi\r\nBcc: x@example.com\u2028!')).toBe('Hi Bcc: x@example.com !');
    expect(mailTimeAfterQuietHours(new Date('2026-12-07T15:30:00.000Z'), { start: '22:00', end: '07:30', timeZone: 'Asia/Shanghai' }).toISOString()).toBe('2026-12-07T23:30:00.000Z');
    expect(mailTimeAfterQuietHours(new Date('2026-12-07T03:00:00.000Z'), { start: '22:00', end: '07:30', timeZone: 'Asia/Shanghai' }).toISOString()).toBe('2026-12-07T03:00:00.000Z');
  });
});
