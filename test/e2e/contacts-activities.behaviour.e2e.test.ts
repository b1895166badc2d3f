import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/client';
import { activityKeys, contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { arrangeActivity, arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Contact = { id: string; name: string; version: number; isPrimary: boolean };
type Activity = { id: string; version: number; title: string; occurredAt: string; contact?: { id: string; name?: string; removed: boolean }; followUpDone: boolean };
type FollowUp = { activityId: string; customerId: string; assigneeId: string; dueAt: string };
type Overview = {
  customer: { id: string; lastContactAt?: string; primaryContactId?: string; version: number };
  contacts: Contact[];
  activities: Activity[];
  openFollowUps: FollowUp[];
};
type Page<T> = { items: T[]; nextCursor: string | null };

const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
const ahead = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describe('contacts, activities, follow-ups and the 360 view end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let db: ReturnType<typeof createDocumentClient>;
  let tableName: string;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    const info = useLocalStack();
    tableName = info.tableName;
    db = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  });
  afterAll(async () => {
    db.destroy();
    await stop();
  });

  /**
   * Every page of a follow-up list: am1's list holds the follow-ups of every test file of the run (the fuzzing
   * records many, due at any date), so the one a test looks for is not always on the first page.
   */
  const allFollowUps = async (query: string, as: string): Promise<FollowUp[]> => {
    const items: FollowUp[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages += 1) {
      const page: { status: number; json: Page<FollowUp> } = await client.get<Page<FollowUp>>(`/v1/follow-ups?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
      expect(page.status).toBe(200);
      items.push(...page.json.items);
      cursor = page.json.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('the follow-up list does not end');
  };

  it('lets an account manager record a visit with a follow-up, see it on their list and in the 360 view — and nobody else without the right', async () => {
    // Prepare: am1's customer with a primary contact
    const customer = await arrangeCustomer(client, 'am1');
    const contact = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: '张伟', position: '采购经理', isPrimary: true }, { as: 'am1' });
    const occurredAt = ago(3);
    const due = ahead(24 * 7);

    // Act: the visit, the list, the view
    const visit = await client.post<Activity>(
      `/v1/customers/${customer.id}/activities`,
      { type: 'visit', occurredAt, place: '北京朝阳区', title: uniqueName('visit'), description: 'Discussed the 2027 supply contract.', contactId: contact.json.id, nextFollowUpAt: due },
      { as: 'am1' },
    );
    const list = await allFollowUps(`dueBefore=${encodeURIComponent(ahead(24 * 8))}`, 'am1');
    const overview = await client.get<Overview>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });

    // Assess: the account manager's own view
    expect(contact.status, contact.text).toBe(201);
    expect(visit.status, visit.text).toBe(201);
    expect(list.filter((item) => item.activityId === visit.json.id)).toEqual([
      expect.objectContaining({ customerId: customer.id, assigneeId: 'am1', dueAt: due }),
    ]);
    expect(overview.status, overview.text).toBe(200);
    expect(overview.json.customer).toMatchObject({ id: customer.id, lastContactAt: occurredAt, primaryContactId: contact.json.id, version: 1 });
    expect(overview.json.contacts).toEqual([expect.objectContaining({ id: contact.json.id, isPrimary: true })]);
    expect(overview.json.activities).toEqual([
      expect.objectContaining({ id: visit.json.id, contact: { id: contact.json.id, name: '张伟', removed: false }, followUpDone: false }),
    ]);
    expect(overview.json.openFollowUps.map((item) => item.activityId)).toEqual([visit.json.id]);

    // Assess: another account manager sees and changes nothing; an executive reads but cannot write
    const activityPath = `/v1/customers/${customer.id}/activities/${visit.json.id}`;
    for (const path of [`/v1/customers/${customer.id}/overview`, activityPath, `/v1/customers/${customer.id}/contacts`, `/v1/customers/${customer.id}/activities`]) {
      expect((await client.get(path, { as: 'am2' })).status).toBe(404);
      expect((await client.get(path, { as: 'exec' })).status).toBe(200);
    }
    expect((await client.patch(activityPath, { followUpDone: true }, { as: 'am2', headers: { 'if-match': '"1"' } })).status).toBe(404);
    expect((await client.patch(activityPath, { followUpDone: true }, { as: 'exec', headers: { 'if-match': '"1"' } })).status).toBe(403);
    const am2List = await client.get<Page<FollowUp>>('/v1/follow-ups?userId=am1&limit=100', { as: 'am2' });
    expect(am2List.json.items).toEqual([]);
    const managerList = await allFollowUps(`userId=am1&dueBefore=${encodeURIComponent(ahead(24 * 8))}`, 'sales');
    expect(managerList.map((item) => item.activityId)).toContain(visit.json.id);

    // Act + Assess: marking the follow-up done takes it off the list and out of the view
    const done = await client.patch<Activity>(activityPath, { followUpDone: true }, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect(done.status, done.text).toBe(200);
    expect(done.headers.get('etag')).toBe('"2"');
    const listAfter = await allFollowUps(`dueBefore=${encodeURIComponent(ahead(24 * 8))}`, 'am1');
    expect(listAfter.map((item) => item.activityId)).not.toContain(visit.json.id);
    const overviewAfter = await client.get<Overview>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });
    expect(overviewAfter.json.openFollowUps).toEqual([]);
    expect(overviewAfter.json.activities[0]).toMatchObject({ id: visit.json.id, followUpDone: true, version: 2 });
  });

  it('keeps exactly one primary contact when parallel requests make different contacts primary', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const contacts: Contact[] = [];
    for (let index = 0; index < 8; index += 1) contacts.push(await arrangeContact(client, customer.id, { isPrimary: index === 0 }));

    // Act: eight callers at once, each making a different contact primary
    const callers = ['admin', 'sales', 'am1'];
    const responses = await Promise.all(
      contacts.map((contact, index) =>
        client.patch(`/v1/customers/${customer.id}/contacts/${contact.id}`, { isPrimary: true }, { as: callers[index % 3]!, headers: { 'if-match': '"1"' } }),
      ),
    );
    // … and eight new contacts created as primary at once
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, index) => client.post(`/v1/customers/${customer.id}/contacts`, { name: `Racer ${index}`, isPrimary: true }, { as: callers[index % 3]! })),
    );

    // Assess
    // A loser of the race beyond the retries is told to retry: 409 ConcurrentChange (transaction conflict) or 503.
    expect(responses.every((response) => [200, 409, 503].includes(response.status)), responses.map((r) => r.status).join()).toBe(true);
    expect(created.every((response) => [201, 409, 503].includes(response.status)), created.map((r) => r.status).join()).toBe(true);
    const list = await client.get<Page<Contact>>(`/v1/customers/${customer.id}/contacts?limit=100`, { as: 'admin' });
    const primaries = list.json.items.filter((contact) => contact.isPrimary);
    const stored = await client.get<{ primaryContactId?: string }>(`/v1/customers/${customer.id}`, { as: 'admin' });
    expect(primaries).toHaveLength(1);
    expect(stored.json.primaryContactId).toBe(primaries[0]!.id);
    const overview = await client.get<Overview>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });
    expect(overview.json.contacts.filter((contact) => contact.isPrimary).map((contact) => contact.id)).toEqual([primaries[0]!.id]);
  });

  it('keeps an activity readable after its contact is deleted, showing the contact as removed', async () => {
    const customer = await arrangeCustomer(client, 'am2');
    const contact = await arrangeContact(client, customer.id, { name: '李娜', isPrimary: true });
    const activity = await arrangeActivity(client, customer.id, { contactId: contact.id, type: 'call' }, 'am2');

    const removed = await client.delete(`/v1/customers/${customer.id}/contacts/${contact.id}`, { as: 'am2', headers: { 'if-match': '"1"' } });
    const read = await client.get<Activity>(`/v1/customers/${customer.id}/activities/${activity.id}`, { as: 'am2' });
    const listed = await client.get<Page<Activity>>(`/v1/customers/${customer.id}/activities`, { as: 'am2' });
    const overview = await client.get<Overview>(`/v1/customers/${customer.id}/overview`, { as: 'am2' });
    const contactRead = await client.get(`/v1/customers/${customer.id}/contacts/${contact.id}`, { as: 'am2' });
    const reuse = await client.post(`/v1/customers/${customer.id}/activities`, { type: 'call', occurredAt: ago(1), title: 'again', contactId: contact.id }, { as: 'am2' });

    expect(removed.status).toBe(204);
    expect(read.status).toBe(200);
    expect(read.json.contact).toEqual({ id: contact.id, name: '李娜', removed: true });
    expect(listed.json.items[0]?.contact).toEqual({ id: contact.id, name: '李娜', removed: true });
    expect(overview.json.activities[0]?.contact).toEqual({ id: contact.id, name: '李娜', removed: true });
    expect(overview.json.contacts).toEqual([]);
    expect(overview.json.customer.primaryContactId).toBeUndefined();
    expect(contactRead.status).toBe(404);
    expect(reuse.status).toBe(400);
  });

  it('hides the contacts and activities of an archived customer and keeps them restorable with it', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const contact = await arrangeContact(client, customer.id);
    const activity = await arrangeActivity(client, customer.id, { contactId: contact.id });

    // Act: archive the customer
    const archived = await client.delete(`/v1/customers/${customer.id}`, { as: 'am1', headers: { 'if-match': '"1"' } });

    // Assess: every route under it answers 404, nothing was deleted underneath
    expect(archived.status).toBe(204);
    const paths = [
      `/v1/customers/${customer.id}/contacts`,
      `/v1/customers/${customer.id}/contacts/${contact.id}`,
      `/v1/customers/${customer.id}/activities`,
      `/v1/customers/${customer.id}/activities/${activity.id}`,
      `/v1/customers/${customer.id}/overview`,
    ];
    for (const path of paths) expect((await client.get(path, { as: 'admin' })).status, path).toBe(404);
    expect((await client.post(`/v1/customers/${customer.id}/contacts`, { name: 'late' }, { as: 'admin' })).status).toBe(404);
    expect((await client.patch(`/v1/customers/${customer.id}/activities/${activity.id}`, { title: 'x' }, { as: 'admin', headers: { 'if-match': '"1"' } })).status).toBe(404);
    const rawContact = await db.send(new GetCommand({ TableName: tableName, Key: contactKeys.item(customer.id, contact.id) }));
    const rawActivity = await db.send(new GetCommand({ TableName: tableName, Key: activityKeys.item(customer.id, activity.id) }));
    expect(rawContact.Item).toMatchObject({ version: 1 });
    expect(rawActivity.Item).toMatchObject({ version: 1 });

    // Act + Assess: an administrator's restore (clearing the archive marker) brings everything back as it was
    await db.send(new UpdateCommand({ TableName: tableName, Key: customerKeys.item(customer.id), UpdateExpression: 'REMOVE deletedAt, deletedBy' }));
    for (const path of paths) expect((await client.get(path, { as: 'am1' })).status, path).toBe(200);
  });

  it('moves lastContactAt only forward, without changing the customer’s version, so a customer PATCH in flight still succeeds', async () => {
    const customer = await arrangeCustomer(client, 'am1');
    const read = await client.get(`/v1/customers/${customer.id}`, { as: 'am1' });

    await arrangeActivity(client, customer.id, { occurredAt: ago(2) }, 'am1');
    await arrangeActivity(client, customer.id, { occurredAt: ago(200), title: 'recorded late' }, 'am1');
    const patched = await client.patch<{ version: number; lastContactAt: string }>(`/v1/customers/${customer.id}`, { credit: 4 }, { as: 'am1', headers: { 'if-match': read.headers.get('etag') ?? '' } });

    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.version).toBe(2);
    expect(Date.parse(patched.json.lastContactAt)).toBeGreaterThan(Date.now() - 3 * 3600_000);
    expect(patched.json.lastContactAt).toBe(new Date(patched.json.lastContactAt).toISOString());
  });

  it('lists activities newest first with type and date filters, paging with signed cursors bound to the caller', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const made: { id: string }[] = [];
    for (let index = 0; index < 7; index += 1) {
      made.push(await arrangeActivity(client, customer.id, { type: index % 2 ? 'call' : 'visit', occurredAt: ago(100 - index * 10) }, 'am1'));
    }
    const base = `/v1/customers/${customer.id}/activities`;

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { json: Page<Activity> } = await client.get<Page<Activity>>(`${base}?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: 'am1' });
      seen.push(...page.json.items.map((item) => item.id));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    const first = await client.get<Page<Activity>>(`${base}?limit=3`, { as: 'am1' });
    const replayed = await client.get(`${base}?limit=3&cursor=${encodeURIComponent(first.json.nextCursor ?? '')}`, { as: 'sales' });
    const calls = await client.get<Page<Activity>>(`${base}?type=call`, { as: 'am1' });
    const ranged = await client.get<Page<Activity>>(`${base}?from=${encodeURIComponent(ago(81))}&to=${encodeURIComponent(ago(49))}`, { as: 'am1' });

    // Assess
    expect(seen).toEqual([...made].reverse().map((item) => item.id));
    expect(pages).toBe(3);
    expect(replayed.status).toBe(400);
    expect(calls.json.items.map((item) => item.id)).toEqual([made[5]!.id, made[3]!.id, made[1]!.id]);
    expect(ranged.json.items.map((item) => item.id)).toEqual([made[5]!.id, made[4]!.id, made[3]!.id, made[2]!.id]);
  });

  it('pages a customer’s contacts with signed cursors and replays an idempotent create', async () => {
    const customer = await arrangeCustomer(client, 'am2');
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) made.push((await arrangeContact(client, customer.id)).id);
    const key = `e2e-contact-${Date.now()}`;
    const body = { name: uniqueName('idempotent contact') };

    const first = await client.get<Page<Contact>>(`/v1/customers/${customer.id}/contacts?limit=2`, { as: 'am2' });
    const second = await client.get<Page<Contact>>(`/v1/customers/${customer.id}/contacts?limit=2&cursor=${encodeURIComponent(first.json.nextCursor ?? '')}`, { as: 'am2' });
    const third = await client.get<Page<Contact>>(`/v1/customers/${customer.id}/contacts?limit=2&cursor=${encodeURIComponent(second.json.nextCursor ?? '')}`, { as: 'am2' });
    const created = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, body, { as: 'am2', headers: { 'idempotency-key': key } });
    const replay = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, body, { as: 'am2', headers: { 'idempotency-key': key } });
    const other = await client.post(`/v1/customers/${customer.id}/contacts`, { name: 'other' }, { as: 'am2', headers: { 'idempotency-key': key } });

    expect([...first.json.items, ...second.json.items, ...third.json.items].map((item) => item.id)).toEqual(made);
    expect(third.json.nextCursor).toBeNull();
    expect(replay.status).toBe(201);
    expect(replay.json.id).toBe(created.json.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    const all = await client.get<Page<Contact>>(`/v1/customers/${customer.id}/contacts?limit=100`, { as: 'admin' });
    expect(all.json.items).toHaveLength(6);
  });

  it('records a contact’s salutation, department, address, phones and WeChat ID, and an activity’s result and participants (named, audited)', async () => {
    // Prepare: am1's customer with two contacts, one with the new details
    const customer = await arrangeCustomer(client, 'am1');
    const details = { salutation: '先生', department: '采购部', address: '北京市朝阳区建国路 88 号', homePhone: '010 6500 0000', fax: '010-6500-0001', wechat: 'zhang_wei88' };
    const zhang = await client.post<Contact & typeof details>(`/v1/customers/${customer.id}/contacts`, { name: '张伟', ...details }, { as: 'am1' });
    const li = await arrangeContact(client, customer.id, { name: '李娜' });

    // Act: a visit with its result and participants, read back, then the participants changed
    const visit = await client.post<Activity>(
      `/v1/customers/${customer.id}/activities`,
      { type: 'visit', occurredAt: ago(2), title: uniqueName('visit'), result: '签订意向书', participants: { staff: ['am2', 'sales'], contacts: [zhang.json.id, li.id] } },
      { as: 'am1' },
    );
    const path = `/v1/customers/${customer.id}/activities/${visit.json.id}`;
    const read = await client.get<Activity & { participantContacts?: unknown[] }>(path, { as: 'am1' });
    const changed = await client.patch<Activity & { participants?: unknown; participantContacts?: unknown[] }>(path, { participants: { staff: ['exec'], contacts: [li.id] } }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const history = await client.get<{ items: { entityType: string; entityId: string; action: string; changes: { field: string }[] }[] }>(`/v1/customers/${customer.id}/history?limit=100`, { as: 'admin' });

    // Assess
    expect(zhang.status, zhang.text).toBe(201);
    expect(zhang.json).toMatchObject(details);
    expect((await client.get(`/v1/customers/${customer.id}/contacts/${zhang.json.id}`, { as: 'am1' })).json).toMatchObject(details);
    expect(visit.status, visit.text).toBe(201);
    expect(read.json).toMatchObject({ result: '签订意向书', participants: { staff: ['am2', 'sales'], contacts: [zhang.json.id, li.id] } });
    expect(read.json.participantContacts).toEqual([
      { id: zhang.json.id, name: '张伟', removed: false },
      { id: li.id, name: '李娜', removed: false },
    ]);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.participants).toEqual({ staff: ['exec'], contacts: [li.id] });
    expect(changed.json.participantContacts).toEqual([{ id: li.id, name: '李娜', removed: false }]);
    const entries = history.json.items.filter((entry) => entry.entityId === visit.json.id || entry.entityId === zhang.json.id);
    expect(entries.find((entry) => entry.entityId === zhang.json.id && entry.action === 'create')?.changes.map((change) => change.field)).toEqual(
      expect.arrayContaining(['salutation', 'department', 'address', 'homePhone', 'fax', 'wechat']),
    );
    expect(entries.find((entry) => entry.entityId === visit.json.id && entry.action === 'update')?.changes.map((change) => change.field)).toEqual(['participants']);
  });

  it('never returns storage attributes', async () => {
    const customer = await arrangeCustomer(client, 'am1');
    const contact = await arrangeContact(client, customer.id);
    await arrangeActivity(client, customer.id, { contactId: contact.id, nextFollowUpAt: ahead(5) }, 'am1');

    const overview = await client.get<Overview>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });

    const keys = [overview.json.customer, ...overview.json.contacts, ...overview.json.activities, ...overview.json.openFollowUps].flatMap((item) => Object.keys(item));
    expect(keys.filter((key) => /^(pk|sk|gsi\d+(pk|sk)|entity|deletedAt|contactCount|openFollowUpCount)$/.test(key))).toEqual([]);
  });
});
