import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mailer, OutgoingMail } from '#shared/mail/mailer';
import { DEFAULT_MAX_MAILS_PER_SECOND, rateLimitedMailer } from '#shared/mail/rate-limited-mailer';
import { loadReminderJobConfig, resetReminderJobConfigForTests } from '#functions/jobs/reminders.config';

/** A mailer that records when (fake time) each send started; `refuse` answers refused for those addresses. */
const recording = (refuse: ReadonlySet<string> = new Set()) => {
  const started: { to: string; at: number }[] = [];
  const mailer: Mailer = {
    send: async (mail) => {
      started.push({ to: mail.to, at: Date.now() });
      return refuse.has(mail.to) ? { kind: 'refused', reason: 'MessageRejected' } : { kind: 'sent', messageId: `m-${mail.to}` };
    },
  };
  return { mailer, started };
};

const mail = (n: number): OutgoingMail => ({ to: `u${n}@example.com`, subject: 's', text: 't', html: 'h' });

describe('rateLimitedMailer (token bucket)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T01:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('paces sends one every 1/perSecond s: no sliding second holds more than perSecond, none dropped, in order', async () => {
    // Prepare: 14 a second, 30 sends at once.
    const inner = recording();
    const limited = rateLimitedMailer(inner.mailer, { perSecond: 14 });
    const t0 = Date.now();

    // Act
    const all = Promise.all(Array.from({ length: 30 }, (_, n) => limited.send(mail(n))));
    await vi.advanceTimersByTimeAsync(0);
    const atStart = inner.started.length;
    await vi.advanceTimersByTimeAsync(1000);
    const afterOneSecond = inner.started.length;
    await vi.advanceTimersByTimeAsync(1100);
    const outcomes = await all;

    // Assess
    expect(atStart).toBe(1);
    expect(afterOneSecond).toBeGreaterThanOrEqual(14);
    expect(afterOneSecond).toBeLessThanOrEqual(15);
    expect(outcomes).toHaveLength(30);
    expect(outcomes.every((outcome) => outcome.kind === 'sent')).toBe(true);
    expect(inner.started.map((send) => send.to)).toEqual(Array.from({ length: 30 }, (_, n) => `u${n}@example.com`));
    for (const { at } of inner.started) expect(inner.started.filter((other) => other.at >= at && other.at < at + 1000).length).toBeLessThanOrEqual(14);
    expect(inner.started.at(-1)!.at - t0).toBeGreaterThanOrEqual(2000);
  });

  it('refills while idle up to the burst only, and passes a refusal through unchanged', async () => {
    // Prepare: 2 a second, burst 2; 2 sends, a 10 s pause, 3 more (the third of them waits: the bucket holds 2, not 20).
    const inner = recording(new Set(['u1@example.com']));
    const limited = rateLimitedMailer(inner.mailer, { perSecond: 2, burst: 2 });

    // Act
    const first = await Promise.all([limited.send(mail(0)), limited.send(mail(1))]);
    await vi.advanceTimersByTimeAsync(10_000);
    const later = Promise.all([2, 3, 4].map((n) => limited.send(mail(n))));
    await vi.advanceTimersByTimeAsync(0);
    const beforeWait = inner.started.length;
    await vi.advanceTimersByTimeAsync(500);
    await later;

    // Assess
    expect(first).toEqual([{ kind: 'sent', messageId: 'm-u0@example.com' }, { kind: 'refused', reason: 'MessageRejected' }]);
    expect(beforeWait).toBe(4);
    expect(inner.started).toHaveLength(5);
  });

  it('keeps pacing when the wall clock stands still (a monotonic clock: a frozen or stepped-back Date never stalls it)', async () => {
    // Prepare: only `Date` fake and frozen (an e2e scenario's fake Date once leaked into the campaigns' test sends, and a
    // bucket on Date.now never refilled); the real timers and performance.now run on. 200 a second, 4 sends.
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T01:00:00.000Z') });
    const inner = recording();
    const limited = rateLimitedMailer(inner.mailer, { perSecond: 200 });

    // Act: a bucket that cannot refill never settles, and the race answers 'stalled' after a second of real time.
    const outcome = await Promise.race([
      Promise.all([0, 1, 2, 3].map((n) => limited.send(mail(n)))).then(() => 'all sent'),
      new Promise((resolve) => setTimeout(resolve, 1_000, 'stalled')),
    ]);

    // Assess
    expect(outcome).toBe('all sent');
    expect(inner.started).toHaveLength(4);
    expect(new Set(inner.started.map((send) => send.at))).toEqual(new Set([Date.parse('2026-12-07T01:00:00.000Z')]));
  });

  it('defaults to 14 a second in the reminder job and reads REMINDER_MAX_MAILS_PER_SECOND', () => {
    // Prepare
    const env = { TABLE_NAME: 'crm-table', USER_POOL_ID: 'pool', MAIL_FROM: 'crm@example.com' };

    // Act
    resetReminderJobConfigForTests();
    const byDefault = loadReminderJobConfig(env).REMINDER_MAX_MAILS_PER_SECOND;
    resetReminderJobConfigForTests();
    const configured = loadReminderJobConfig({ ...env, REMINDER_MAX_MAILS_PER_SECOND: '50' }).REMINDER_MAX_MAILS_PER_SECOND;
    resetReminderJobConfigForTests();

    // Assess
    expect(byDefault).toBe(DEFAULT_MAX_MAILS_PER_SECOND);
    expect(DEFAULT_MAX_MAILS_PER_SECOND).toBe(14);
    expect(configured).toBe(50);
  });
});
