import { describe, expect, it } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { sentMail } from '#local/ses-local';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenario';
import type { NotificationItem } from './scenarios/notifications.scenarios';

type Client = ReturnType<typeof api>;

/** The calendar day `days` from now as MM-DD, and the instant its care reminder is due (3 days before, 01:00Z). */
const birthdayIn = (days: number) => {
  const day = new Date(Date.now() + days * 86_400_000);
  const monthDay = day.toISOString().slice(5, 10);
  const remindAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 1) - 3 * 86_400_000).toISOString();
  return { monthDay, remindAt };
};

/**
 * Care end to end on the local stack (issue 18, part 4): a contact's birthday, written through the gateway with a
 * real token, becomes a reminder to the customer's owner that the reminder job (run here with its clock at the
 * reminder's minute) delivers once to the inbox and once by e-mail (aws-ses-v2-local's `/store`), whoever wrote the
 * contact. The owner here is am1, whose e-mail this file turns on.
 */
describe('care: special days → job → the owner’s inbox and e-mail', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const runJobAt = (remindAt: string) => {
    const real = reminderJobDependencies();
    const deps = { ...real, clock: { now: () => new Date(Date.parse(remindAt) + 20_000) } };
    return runReminders(deps, { since: new Date(Date.parse(remindAt) - 30_000).toISOString() });
  };

  it("reminds the owner (not the manager who wrote the contact) once by inbox and e-mail, and re-arms next year's", async () => {
    // Prepare: am1's customer; a sales manager records a contact whose birthday is in 10 days.
    const { sesEndpoint } = useLocalStack();
    const preferences = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: 'am1' });
    await client.put('/v1/me/notification-preferences', { emailEnabled: true, quietHours: null }, { as: 'am1', headers: { 'if-match': `"${preferences.json.version}"` } });
    const customer = await arrangeCustomer(client, 'am1');
    const name = uniqueName('王芳');
    const { monthDay, remindAt } = birthdayIn(10);
    const contact = await client.post<{ id: string }>(`/v1/customers/${customer.id}/contacts`, { name, specialDays: [{ type: 'birthday', date: monthDay }] }, { as: 'sales' });
    expect(contact.status, contact.text).toBe(201);

    // Act: two runs at once, then a re-run over the same minute; then the same minute a year on.
    const runs = await Promise.all([runJobAt(remindAt), runJobAt(remindAt)]);
    const rerun = await runJobAt(remindAt);
    const nextYear = new Date(Date.parse(remindAt));
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    const yearOn = await runJobAt(nextYear.toISOString());
    const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'am1' });
    const mine = inbox.json.items.filter((item) => item.title === `Birthday of ${name}`);
    const managers = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'sales' });
    const mail = (await sentMail(sesEndpoint!)).filter((sent) => sent.subject.includes(name));

    // Assess
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBeGreaterThanOrEqual(1);
    expect(rerun.alreadyGone + rerun.withdrawn).toBe(0);
    expect(yearOn.delivered).toBeGreaterThanOrEqual(1);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ kind: 'care', path: `/v1/customers/${customer.id}/contacts/${contact.json.id}` });
    expect(managers.json.items.filter((item) => item.title === `Birthday of ${name}`)).toEqual([]);
    expect(mail).toHaveLength(2);
    expect(mail[0]!.destination.to).toEqual(['zhang.wei@example.com']);
  });

  it("closes this year's care when the owner records a care activity on the contact first: nothing sent this year, next year's kept", async () => {
    // Prepare: am1's contact with a birthday in 12 days; am1 sends flowers today and records it (type care).
    const customer = await arrangeCustomer(client, 'am1');
    const name = uniqueName('李娜');
    const { monthDay, remindAt } = birthdayIn(12);
    const contact = await client.post<{ id: string }>(`/v1/customers/${customer.id}/contacts`, { name, specialDays: [{ type: 'birthday', date: monthDay }] }, { as: 'am1' });
    expect(contact.status, contact.text).toBe(201);
    const care = await client.post(
      `/v1/customers/${customer.id}/activities`,
      { type: 'care', occurredAt: new Date(Date.now() - 60_000).toISOString(), title: 'Flowers', contactId: contact.json.id },
      { as: 'am1' },
    );
    expect(care.status, care.text).toBe(201);

    // Act
    await runJobAt(remindAt);
    const thisYear = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'am1' });
    const nextYear = new Date(Date.parse(remindAt));
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    await runJobAt(nextYear.toISOString());
    const yearOn = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'am1' });

    // Assess
    expect(thisYear.json.items.filter((item) => item.title === `Birthday of ${name}`)).toEqual([]);
    expect(yearOn.json.items.filter((item) => item.title === `Birthday of ${name}`)).toHaveLength(1);
  });

  it('withdraws the reminder of a day removed from the contact: nothing delivered', async () => {
    // Prepare: am1 records a contact with an anniversary, then removes the day.
    const customer = await arrangeCustomer(client, 'am1');
    const { monthDay, remindAt } = birthdayIn(11);
    const label = uniqueName('入职');
    const created = await client.post<{ id: string; version: number }>(
      `/v1/customers/${customer.id}/contacts`,
      { name: uniqueName('contact'), specialDays: [{ type: 'anniversary', label, date: `2020-${monthDay}` }] },
      { as: 'am1' },
    );
    expect(created.status, created.text).toBe(201);
    const changed = await client.patch(`/v1/customers/${customer.id}/contacts/${created.json.id}`, { specialDays: [] }, { as: 'am1', headers: { 'if-match': `"${created.json.version}"` } });
    expect(changed.status, changed.text).toBe(200);

    // Act
    await runJobAt(remindAt);
    const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: 'am1' });

    // Assess
    expect(inbox.json.items.filter((item) => item.title.startsWith(label))).toEqual([]);
  });
});
