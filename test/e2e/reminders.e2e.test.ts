import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { sentMail } from '#local/ses-local';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import type { NotificationItem } from './scenarios/notifications.scenarios';

type Client = ReturnType<typeof api>;

/**
 * The reminder job end to end on the local stack: a task's reminder becomes exactly one notification in the inbox and
 * exactly one e-mail in aws-ses-v2-local (read from its `/store`), with hostile text kept out of the headers and
 * escaped in the HTML. am2 is the recipient: no generated test changes am2's preferences.
 */
describe('reminders: task → job → inbox and e-mail', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  /**
   * The job as if it ran a second after `at` (a reminder a minute ahead, so a slow request under load never makes it
   * "in the past"; no test waits for it).
   */
  const jobAt = (at: string) => ({ ...reminderJobDependencies(), clock: { now: () => new Date(Date.parse(at) + 1000) } });

  it('delivers a due task reminder once to the inbox and once by e-mail, even when two runs race; marks it read', async () => {
    // Prepare: e-mail on for am2; a manager gives am2 a task reminded in a moment, its title hostile.
    const { sesEndpoint } = useLocalStack();
    const preferences = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: 'am2' });
    const saved = await client.put('/v1/me/notification-preferences', { emailEnabled: true, quietHours: null }, { as: 'am2', headers: { 'if-match': `"${preferences.json.version}"` } });
    expect(saved.status, saved.text).toBe(200);
    const marker = randomUUID();
    const title = `Call <b>${marker}</b>\r\nBcc: victim@example.com`;
    const remindAt = new Date(Date.now() + 60_000).toISOString();
    const task = await client.post<{ id: string }>('/v1/tasks', { title, dueAt: new Date(Date.now() + 3_600_000).toISOString(), remindAt, assigneeId: 'am2' }, { as: 'sales' });
    expect(task.status, task.text).toBe(201);
    const unreadBefore = (await client.get<{ unread: number }>('/v1/notifications/unread-count', { as: 'am2' })).json.unread;

    // Act: two runs over the same window at once.
    const since = new Date(Date.parse(remindAt) - 1000).toISOString();
    const runs = await Promise.all([runReminders(jobAt(remindAt), { since }), runReminders(jobAt(remindAt), { since })]);
    const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?unread=true&limit=100', { as: 'am2' });
    const mine = inbox.json.items.filter((item) => item.sourceId === task.json.id);
    const mail = (await sentMail(sesEndpoint!)).filter((sent) => sent.subject.includes(marker));
    const unreadAfter = (await client.get<{ unread: number }>('/v1/notifications/unread-count', { as: 'am2' })).json.unread;
    const read = await client.post<NotificationItem>(`/v1/notifications/${mine[0]!.id}/read`, undefined, { as: 'am2', headers: { 'if-match': '"1"' } });
    const again = await client.post(`/v1/notifications/${mine[0]!.id}/read`, undefined, { as: 'am2', headers: { 'if-match': '"2"' } });

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
    expect(read.status, read.text).toBe(200);
    expect(again.status).toBe(409);
  });

  it('keeps the notification but sends no e-mail to a user who turned e-mail off; a withdrawn reminder is never delivered', async () => {
    // Prepare: e-mail off for am2; two tasks reminded in a moment, the second cancelled before it is due.
    const preferences = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: 'am2' });
    await client.put('/v1/me/notification-preferences', { emailEnabled: false }, { as: 'am2', headers: { 'if-match': `"${preferences.json.version}"` } });
    const marker = randomUUID();
    const remindAt = new Date(Date.now() + 60_000).toISOString();
    const make = (label: string) =>
      client.post<{ id: string }>('/v1/tasks', { title: `${label} ${marker}`, dueAt: new Date(Date.now() + 3_600_000).toISOString(), remindAt, assigneeId: 'am2' }, { as: 'sales' });
    const [kept, withdrawn] = [await make('kept'), await make('withdrawn')];
    await client.post(`/v1/tasks/${withdrawn.json.id}/cancel`, {}, { as: 'sales', headers: { 'if-match': '"1"' } });

    // Act
    await runReminders(jobAt(remindAt), { since: new Date(Date.parse(remindAt) - 1000).toISOString() });
    const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'am2' });
    const mail = (await sentMail(useLocalStack().sesEndpoint!)).filter((sent) => sent.subject.includes(marker));
    const restored = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: 'am2' });
    await client.put('/v1/me/notification-preferences', { emailEnabled: true }, { as: 'am2', headers: { 'if-match': `"${restored.json.version}"` } });

    // Assess
    const ofMarker = inbox.json.items.filter((item) => item.title.includes(marker));
    expect(ofMarker.map((item) => item.sourceId)).toEqual([kept.json.id]);
    expect(ofMarker[0]!.mailStatus).toBeUndefined();
    expect(mail).toEqual([]);
  });
});
