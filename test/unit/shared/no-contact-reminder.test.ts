import { beforeEach, describe, expect, it } from 'vitest';
import type { DictionaryDependencies } from '#functions/admin/dictionary/dictionary.ports';
import { replaceDictionaryBody } from '#functions/admin/dictionary/dictionary.schema';
import { replaceDictionaryType } from '#functions/admin/dictionary/replace-dictionary-type.use-case';
import { runReminders, type ReminderJobDependencies } from '#functions/jobs/reminders.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { noContactCheckOf } from '#shared/reminders/no-contact-reminder';
import { callers, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryDictionary } from '#test/fakes/in-memory-dictionary';
import { fakeRecipients, InMemoryReminderJobStore, recordingMailer } from '#test/fakes/in-memory-reminder-job';
import { steppingClock } from '#test/fakes/service-test-kit';

/** "No contact for N days" per customer level: the care rules in the dictionary, the checks the reminder job places. */
describe('no-contact care checks', () => {
  let store: InMemoryReminderJobStore;
  let deps: ReminderJobDependencies;
  const customer = { id: 'K1', name: '苏州新材料', level: 'major', ownerId: 'am2', archived: false, createdAt: '2026-01-01T00:00:00.000Z' };

  beforeEach(() => {
    store = new InMemoryReminderJobStore();
    deps = {
      store,
      mailer: recordingMailer().mailer,
      directory: fakeRecipients({ am2: { name: 'Jane', email: 'am2@example.com' } }),
      clock: steppingClock('2026-12-07T01:05:00.000Z').clock,
      ids: ulidGenerator(seededRandom(9)),
      settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
    };
  });

  it("moves a check to lastContact + days − leadDays while the customer was contacted recently (major: 30 / 3 days)", async () => {
    // Prepare: an activity on 2026-12-06T01:00Z armed a check for a day later; the last contact was then.
    const check = noContactCheckOf('K1', '2026-12-06T01:00:00.000Z');
    store.add(check);
    store.noContact.set('K1', { ...customer, lastContactAt: '2026-12-06T00:30:00.000Z' });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(check.remindAt).toBe('2026-12-07T01:00:00.000Z');
    expect(run).toMatchObject({ found: 1, delivered: 0, withdrawn: 1 });
    expect([...store.reminders.values()]).toMatchObject([{ remindAt: '2027-01-02T00:30:00.000Z', dueAt: '2027-01-05T00:30:00.000Z', sourceId: 'no-contact:K1' }]);
    expect(store.notifications.size).toBe(0);
  });

  it('places the check a customer create arms from its creation when it was never contacted, on its owner\'s calendar', async () => {
    // Prepare: K1 created 2026-12-06T01:00Z (no activity since), major: 30 days, 3 days ahead.
    store.add(noContactCheckOf('K1', '2026-12-06T01:00:00.000Z'));
    store.noContact.set('K1', { ...customer, createdAt: '2026-12-06T01:00:00.000Z' });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 1, delivered: 0, withdrawn: 1 });
    expect([...store.reminders.values()]).toMatchObject([{ remindAt: '2027-01-02T01:00:00.000Z', dueAt: '2027-01-05T01:00:00.000Z', sourceId: 'no-contact:K1', ownerId: 'am2' }]);
  });

  it('delivers a check whose time has come to the owner now, with the next one a rule later, and withdraws one without a rule', async () => {
    // Prepare: K1 last contacted 40 days ago (major: 30 days); K2's level has no rule.
    store.add(noContactCheckOf('K1', '2026-12-06T01:00:00.000Z'));
    store.add(noContactCheckOf('K2', '2026-12-06T01:01:00.000Z'));
    store.noContact.set('K1', { ...customer, lastContactAt: '2026-10-28T00:00:00.000Z' });
    store.noContact.set('K2', { ...customer, id: 'K2', level: 'unknown-level' });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 2, delivered: 1, withdrawn: 1 });
    expect([...store.notifications.values()]).toMatchObject([{ userId: 'am2', kind: 'care', title: 'No contact with 苏州新材料 for 30 days', customerId: 'K1' }]);
    expect([...store.reminders.values()]).toMatchObject([{ remindAt: '2027-01-06T01:05:00.000Z', sourceId: 'no-contact:K1' }]);
  });

  it('keeps care rules numeric and whole: required on care-rules, leadDays below days, refused on other types (400 naming the field)', async () => {
    // Prepare
    const dictionary: DictionaryDependencies = { dictionary: new InMemoryDictionary(), clock: { now: () => PINNED_NOW }, afterChange: () => undefined };
    const replace = (type: 'care-rules' | 'regions', entries: unknown[]) =>
      replaceDictionaryType(dictionary, { caller: callers.admin, type, input: { entries } as never, expectedVersion: 0 }).catch((error: { code: string; details: unknown }) => error);

    // Act
    const missing = await replace('care-rules', [{ code: 'major', label: 'x', active: true, days: 30 }]);
    const tooLong = await replace('care-rules', [{ code: 'major', label: 'x', active: true, days: 3, leadDays: 3 }]);
    const elsewhere = await replace('regions', [{ code: 'east-china', label: '华东', active: true, days: 3 }]);
    const parsed = [
      replaceDictionaryBody.safeParse({ entries: [{ code: 'major', label: 'x', days: '30', leadDays: 3 }] }),
      replaceDictionaryBody.safeParse({ entries: [{ code: 'major', label: 'x', days: -5, leadDays: 3 }] }),
      replaceDictionaryBody.safeParse({ entries: [{ code: 'major', label: 'x', days: 2.5, leadDays: 1 }] }),
    ];
    const stored = await replace('care-rules', [{ code: 'major', label: '大客户: 14 天', active: true, days: 14, leadDays: 2 }]);

    // Assess
    expect(missing).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.entries.0.leadDays' }] } });
    expect(tooLong).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.entries.0.leadDays' }] } });
    expect(elsewhere).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.entries.0.days' }] } });
    expect(parsed.map((result) => result.success)).toEqual([false, false, false]);
    expect(stored).toMatchObject({ version: 1, entries: [{ code: 'major', days: 14, leadDays: 2 }] });
    expect(DEFAULT_DICTIONARY['care-rules'].every((rule) => rule.days! > rule.leadDays!)).toBe(true);
  });
});
