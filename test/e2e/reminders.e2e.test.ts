import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { sentMail } from '#local/ses-local';
import type { CrmClient } from '#clients/typescript/src/index';
import { useLocalStack, useTestGateway } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

/**
 * The reminder job end to end on the local stack: a task's reminder becomes exactly one notification in the inbox and
 * exactly one e-mail in aws-ses-v2-local (read from its `/store`), with hostile text kept out of the headers and
 * escaped in the HTML. am2 is the recipient: no generated test changes am2's preferences. The API calls go through
 * the typed client (clients/typescript).
 */
describe('reminders: task → job → inbox and e-mail', () => {
  let crm: (username: string) => CrmClient;
  useTestGateway((gateway) => (crm = typedClients(gateway.baseUrl)));
  const preferencesOf = async (user: string) => (await crm(user).GET('/v1/me/notification-preferences', {})).data!;
  const unreadOf = async (user: string) => (await crm(user).GET('/v1/notifications/unread-count', {})).data!.unread;
  const inboxOf = async (user: string, unread?: 'true') => (await crm(user).GET('/v1/notifications', { params: { query: { limit: 100, ...(unread ? { unread } : {}) } } })).data!.items;

  /**
   * The job as if it ran a second after `at` (a reminder a minute ahead, so a slow request under load never makes it
   * "in the past"; no test waits for it).
   */
  const jobAt = (at: string) => ({ ...reminderJobDependencies(), clock: { now: () => new Date(Date.parse(at) + 1000) } });

  it('delivers a due task reminder once to the inbox and once by e-mail, even when two runs race; marks it read', async () => {
    // Prepare: e-mail on for am2; a manager gives am2 a task reminded in a moment, its title hostile.
    const { sesEndpoint } = useLocalStack();
    const preferences = await preferencesOf('am2');
    const saved = await crm('am2').PUT('/v1/me/notification-preferences', { params: { header: { 'If-Match': `"${preferences.version}"` } }, body: { emailEnabled: true, quietHours: null } });
    expect(saved.response.status, JSON.stringify(saved.error)).toBe(200);
    const marker = randomUUID();
    const title = `Call <b>${marker}</b>\r\nBcc: victim@example.com`;
    const remindAt = new Date(Date.now() + 60_000).toISOString();
    const task = await crm('sales').POST('/v1/tasks', { body: { title, dueAt: new Date(Date.now() + 3_600_000).toISOString(), remindAt, assigneeId: 'am2' } });
    expect(task.response.status, JSON.stringify(task.error)).toBe(201);
    const unreadBefore = await unreadOf('am2');

    // Act: two runs over the same window at once.
    const since = new Date(Date.parse(remindAt) - 1000).toISOString();
    const runs = await Promise.all([runReminders(jobAt(remindAt), { since }), runReminders(jobAt(remindAt), { since })]);
    const mine = (await inboxOf('am2', 'true')).filter((item) => item.sourceId === task.data!.id);
    const mail = (await sentMail(sesEndpoint!)).filter((sent) => sent.subject.includes(marker));
    const unreadAfter = await unreadOf('am2');
    const markRead = (version: number) => crm('am2').POST('/v1/notifications/{notificationId}/read', { params: { path: { notificationId: mine[0]!.id }, header: { 'If-Match': `"${version}"` } } });
    const read = await markRead(1);
    const again = await markRead(2);

    // Assess
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBeGreaterThanOrEqual(1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title, mailStatus: 'sent' });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.destination.to).toEqual(['emily.chen@example.com']);
    expect(mail[0]!.subject).not.toMatch(/[\r\n]/);
    expect(mail[0]!.body.html).toContain(`&lt;b&gt;${marker}&lt;/b&gt;`);
    expect(mail[0]!.body.html).not.toContain('<b>');
    expect(unreadAfter).toBeGreaterThanOrEqual(unreadBefore + 1);
    expect(read.response.status, JSON.stringify(read.error)).toBe(200);
    expect(again.response.status).toBe(409);
  });

  it('keeps the notification but sends no e-mail to a user who turned e-mail off; a withdrawn reminder is never delivered', async () => {
    // Prepare: e-mail off for am2; two tasks reminded in a moment, the second cancelled before it is due.
    const setEmail = async (emailEnabled: boolean) =>
      crm('am2').PUT('/v1/me/notification-preferences', { params: { header: { 'If-Match': `"${(await preferencesOf('am2')).version}"` } }, body: { emailEnabled } });
    await setEmail(false);
    const marker = randomUUID();
    const remindAt = new Date(Date.now() + 60_000).toISOString();
    const make = async (label: string) =>
      (await crm('sales').POST('/v1/tasks', { body: { title: `${label} ${marker}`, dueAt: new Date(Date.now() + 3_600_000).toISOString(), remindAt, assigneeId: 'am2' } })).data!;
    const [kept, withdrawn] = [await make('kept'), await make('withdrawn')];
    await crm('sales').POST('/v1/tasks/{taskId}/cancel', { params: { path: { taskId: withdrawn.id }, header: { 'If-Match': '"1"' } }, body: {} });

    // Act
    await runReminders(jobAt(remindAt), { since: new Date(Date.parse(remindAt) - 1000).toISOString() });
    const inbox = await inboxOf('am2');
    const mail = (await sentMail(useLocalStack().sesEndpoint!)).filter((sent) => sent.subject.includes(marker));
    await setEmail(true);

    // Assess
    const ofMarker = inbox.filter((item) => item.title.includes(marker));
    expect(ofMarker.map((item) => item.sourceId)).toEqual([kept.id]);
    expect(ofMarker[0]!.mailStatus).toBeUndefined();
    expect(mail).toEqual([]);
  });
});
