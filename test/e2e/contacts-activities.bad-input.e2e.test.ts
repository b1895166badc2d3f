import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeActivity, arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangeCustomer } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;

interface Arranged {
  customerId: string;
  contactId: string;
  activityId: string;
  otherContactId: string;
}

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: (ids: Arranged) => string;
  readonly as?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The problem's `errors[].path` that must be named, when the refusal is about one field. */
  readonly field?: string;
}

const json = { 'content-type': 'application/json' };
const current = { 'if-match': '"1"' };
const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const NO_SUCH = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

const contacts = ({ customerId }: Arranged) => `/v1/customers/${customerId}/contacts`;
const contact = (ids: Arranged) => `${contacts(ids)}/${ids.contactId}`;
const activities = ({ customerId }: Arranged) => `/v1/customers/${customerId}/activities`;
const activity = (ids: Arranged) => `${activities(ids)}/${ids.activityId}`;
const visit = (extra: Record<string, unknown> = {}) => ({ type: 'visit', occurredAt: hourAgo(), title: 'Visit', ...extra });

/**
 * Bad input for every contacts, activities, follow-ups and 360 route: each is refused with a problem response
 * (never a 5xx) and leaves the arranged customer, contact, activity and follow-up exactly as they were.
 */
const BAD_REQUESTS: BadRequest[] = [
  // POST /v1/customers/{customerId}/contacts
  { label: 'malformed JSON', method: 'POST', path: contacts, body: '{"name": "x",', headers: json, status: 400 },
  { label: 'a text/plain body', method: 'POST', path: contacts, body: '{"name":"x"}', headers: { 'content-type': 'text/plain' }, status: 415 },
  { label: 'no body', method: 'POST', path: contacts, headers: json, status: 400 },
  { label: 'an array body', method: 'POST', path: contacts, body: [{ name: 'x' }], status: 400 },
  { label: 'a client-chosen id', method: 'POST', path: contacts, body: { name: 'x', id: '01JAAAAAAAAAAAAAAAAAAAAAAA' }, status: 400, field: 'body.id' },
  { label: 'a client-set customerId', method: 'POST', path: contacts, body: { name: 'x', customerId: NO_SUCH }, status: 400, field: 'body.customerId' },
  { label: 'a client-set version', method: 'POST', path: contacts, body: { name: 'x', version: 3 }, status: 400, field: 'body.version' },
  { label: 'client-set timestamps', method: 'POST', path: contacts, body: { name: 'x', createdAt: '2020-01-01T00:00:00Z' }, status: 400, field: 'body.createdAt' },
  { label: 'an empty name', method: 'POST', path: contacts, body: { name: '  ' }, status: 400, field: 'body.name' },
  { label: 'an oversized name', method: 'POST', path: contacts, body: { name: 'n'.repeat(101) }, status: 400, field: 'body.name' },
  { label: 'an unknown gender', method: 'POST', path: contacts, body: { name: 'x', gender: 'm' }, status: 400, field: 'body.gender' },
  { label: 'a malformed e-mail', method: 'POST', path: contacts, body: { name: 'x', email: 'not-an-email' }, status: 400, field: 'body.email' },
  { label: 'a malformed mobile', method: 'POST', path: contacts, body: { name: 'x', mobile: 'call me' }, status: 400, field: 'body.mobile' },
  { label: 'a special day that is not a date', method: 'POST', path: contacts, body: { name: 'x', specialDays: [{ type: 'birthday', date: '02-30' }] }, status: 400, field: 'body.specialDays.0.date' },
  { label: 'two birthdays', method: 'POST', path: contacts, body: { name: 'x', specialDays: [{ type: 'birthday', date: '01-02' }, { type: 'birthday', date: '03-04' }] }, status: 400, field: 'body.specialDays' },
  { label: 'an anniversary without a label', method: 'POST', path: contacts, body: { name: 'x', specialDays: [{ type: 'anniversary', date: '2019-05-20' }] }, status: 400, field: 'body.specialDays' },
  { label: 'duplicate hobbies', method: 'POST', path: contacts, body: { name: 'x', hobbies: ['golf', 'golf'] }, status: 400, field: 'body.hobbies' },
  { label: 'a non-boolean isPrimary', method: 'POST', path: contacts, body: { name: 'x', isPrimary: 'yes' }, status: 400, field: 'body.isPrimary' },
  { label: 'an oversized memo', method: 'POST', path: contacts, body: { name: 'x', memo: 'm'.repeat(1001) }, status: 400, field: 'body.memo' },
  { label: 'an oversized salutation', method: 'POST', path: contacts, body: { name: 'x', salutation: 's'.repeat(21) }, status: 400, field: 'body.salutation' },
  { label: 'an oversized department', method: 'POST', path: contacts, body: { name: 'x', department: 'd'.repeat(101) }, status: 400, field: 'body.department' },
  { label: 'an oversized address', method: 'POST', path: contacts, body: { name: 'x', address: 'a'.repeat(301) }, status: 400, field: 'body.address' },
  { label: 'a malformed home phone', method: 'POST', path: contacts, body: { name: 'x', homePhone: 'evenings' }, status: 400, field: 'body.homePhone' },
  { label: 'a numeric fax', method: 'POST', path: contacts, body: { name: 'x', fax: 1234567 }, status: 400, field: 'body.fax' },
  { label: 'a WeChat ID starting with a digit', method: 'POST', path: contacts, body: { name: 'x', wechat: '1zhangwei' }, status: 400, field: 'body.wechat' },
  { label: 'a WeChat ID too short', method: 'POST', path: contacts, body: { name: 'x', wechat: 'zw' }, status: 400, field: 'body.wechat' },
  { label: 'a body over 64 KiB', method: 'POST', path: contacts, body: { name: 'x', memo: 'm'.repeat(70_000) }, status: 413 },
  { label: 'a malformed Idempotency-Key', method: 'POST', path: contacts, body: { name: 'x' }, headers: { 'idempotency-key': 'bad key!' }, status: 400 },
  { label: 'a malformed customer id', method: 'POST', path: () => '/v1/customers/not-an-id/contacts', body: { name: 'x' }, status: 400, field: 'params.customerId' },
  { label: 'an unknown customer', method: 'POST', path: () => `/v1/customers/${NO_SUCH}/contacts`, body: { name: 'x' }, status: 404 },
  { label: 'another manager’s customer', method: 'POST', path: contacts, as: 'am2', body: { name: 'x' }, status: 404 },
  // GET /v1/customers/{customerId}/contacts
  { label: 'limit 0', method: 'GET', path: (ids) => `${contacts(ids)}?limit=0`, status: 400, field: 'query.limit' },
  { label: 'limit 101', method: 'GET', path: (ids) => `${contacts(ids)}?limit=101`, status: 400, field: 'query.limit' },
  { label: 'a forged cursor', method: 'GET', path: (ids) => `${contacts(ids)}?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA`, status: 400 },
  { label: 'an unknown query parameter', method: 'GET', path: (ids) => `${contacts(ids)}?primary=true`, status: 400, field: 'query.primary' },
  // GET …/contacts?updatedSince= (the contacts delta feed)
  { label: 'updatedSince not an instant', method: 'GET', path: (ids) => `${contacts(ids)}?updatedSince=today`, status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince an hour ahead', method: 'GET', path: (ids) => `${contacts(ids)}?updatedSince=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`, status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince older than the tombstones are kept', method: 'GET', path: (ids) => `${contacts(ids)}?updatedSince=2020-01-01T00:00:00Z`, status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince with a cursor', method: 'GET', path: (ids) => `${contacts(ids)}?updatedSince=${encodeURIComponent(hourAgo())}&cursor=abc`, status: 400, field: 'query.cursor' },
  // GET /v1/customers/{customerId}/contacts/{contactId}
  { label: 'a malformed contact id', method: 'GET', path: (ids) => `${contacts(ids)}/nope`, status: 400, field: 'params.contactId' },
  { label: 'an unknown contact', method: 'GET', path: (ids) => `${contacts(ids)}/${NO_SUCH}`, status: 404 },
  { label: 'a contact under another customer', method: 'GET', path: (ids) => `/v1/customers/${NO_SUCH}/contacts/${ids.contactId}`, status: 404 },
  // PATCH /v1/customers/{customerId}/contacts/{contactId}
  { label: 'a contact PATCH without If-Match', method: 'PATCH', path: contact, body: { memo: 'x' }, status: 428 },
  { label: 'a contact PATCH with a stale If-Match', method: 'PATCH', path: contact, body: { memo: 'x' }, headers: { 'if-match': '"4"' }, status: 412 },
  { label: 'an empty contact PATCH', method: 'PATCH', path: contact, body: {}, headers: current, status: 400 },
  { label: 'a contact PATCH clearing the name', method: 'PATCH', path: contact, body: { name: null }, headers: current, status: 400, field: 'body.name' },
  { label: 'a contact PATCH with isPrimary null', method: 'PATCH', path: contact, body: { isPrimary: null }, headers: current, status: 400, field: 'body.isPrimary' },
  { label: 'a contact PATCH of the customer', method: 'PATCH', path: contact, body: { customerId: NO_SUCH }, headers: current, status: 400, field: 'body.customerId' },
  { label: 'a contact PATCH with a WeChat ID of 21 characters', method: 'PATCH', path: contact, body: { wechat: 'w'.repeat(21) }, headers: current, status: 400, field: 'body.wechat' },
  { label: 'a contact PATCH of an unknown contact', method: 'PATCH', path: (ids) => `${contacts(ids)}/${NO_SUCH}`, body: { memo: 'x' }, headers: current, status: 404 },
  // DELETE /v1/customers/{customerId}/contacts/{contactId}
  { label: 'a contact DELETE without If-Match', method: 'DELETE', path: contact, status: 428 },
  { label: 'a contact DELETE with a stale If-Match', method: 'DELETE', path: contact, headers: { 'if-match': '"2"' }, status: 412 },
  { label: 'a contact DELETE by an executive', method: 'DELETE', path: contact, as: 'exec', headers: current, status: 403 },
  // POST /v1/customers/{customerId}/activities
  { label: 'an activity without a type', method: 'POST', path: activities, body: { occurredAt: hourAgo(), title: 'x' }, status: 400, field: 'body.type' },
  { label: 'an unknown activity type', method: 'POST', path: activities, body: visit({ type: 'lunch' }), status: 400, field: 'body.type' },
  { label: 'an activity without occurredAt', method: 'POST', path: activities, body: { type: 'call', title: 'x' }, status: 400, field: 'body.occurredAt' },
  { label: 'a local-time occurredAt', method: 'POST', path: activities, body: visit({ occurredAt: '2026-11-20T09:00:00+08:00' }), status: 400, field: 'body.occurredAt' },
  { label: 'a date-only occurredAt', method: 'POST', path: activities, body: visit({ occurredAt: '2026-11-20' }), status: 400, field: 'body.occurredAt' },
  { label: 'an occurredAt in the future', method: 'POST', path: activities, body: visit({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }), status: 400, field: 'body.occurredAt' },
  { label: 'an occurredAt before 2000', method: 'POST', path: activities, body: visit({ occurredAt: '1999-12-31T23:59:59Z' }), status: 400, field: 'body.occurredAt' },
  { label: 'an empty title', method: 'POST', path: activities, body: visit({ title: '' }), status: 400, field: 'body.title' },
  { label: 'an oversized description', method: 'POST', path: activities, body: visit({ description: 'd'.repeat(2001) }), status: 400, field: 'body.description' },
  { label: 'an oversized result', method: 'POST', path: activities, body: visit({ result: 'r'.repeat(2001) }), status: 400, field: 'body.result' },
  { label: 'an unknown participant', method: 'POST', path: activities, body: visit({ participants: { staff: ['am2', 'nobody-here'] } }), status: 400, field: 'body.participants.staff.1' },
  { label: 'more than 20 participant staff', method: 'POST', path: activities, body: visit({ participants: { staff: Array.from({ length: 21 }, (_, i) => `user${i}`) } }), status: 400, field: 'body.participants.staff' },
  { label: 'a participant contact that does not exist', method: 'POST', path: activities, body: visit({ participants: { contacts: [NO_SUCH] } }), status: 400, field: 'body.participants.contacts.0' },
  { label: 'a participant contact of another customer', method: 'POST', path: activities, body: visit(), status: 400, field: 'body.participants.contacts.1' },
  { label: 'an unknown participants field', method: 'POST', path: activities, body: visit({ participants: { guests: ['x'] } }), status: 400, field: 'body.participants.guests' },
  { label: 'a malformed contact id', method: 'POST', path: activities, body: visit({ contactId: 'someone' }), status: 400, field: 'body.contactId' },
  { label: 'a contact of another customer', method: 'POST', path: activities, body: visit(), status: 400, field: 'body.contactId' },
  { label: 'a follow-up done without a date', method: 'POST', path: activities, body: visit({ followUpDone: true }), status: 400, field: 'body.followUpDone' },
  { label: 'a follow-up before the activity', method: 'POST', path: activities, body: visit({ nextFollowUpAt: '2020-01-01T00:00:00Z' }), status: 400, field: 'body.nextFollowUpAt' },
  { label: 'a client-set createdBy', method: 'POST', path: activities, body: visit({ createdBy: 'admin' }), status: 400, field: 'body.createdBy' },
  { label: 'an activity by an executive', method: 'POST', path: activities, as: 'exec', body: visit(), status: 403 },
  { label: 'an activity under another manager’s customer', method: 'POST', path: activities, as: 'am2', body: visit(), status: 404 },
  // GET /v1/customers/{customerId}/activities
  { label: 'an unknown type filter', method: 'GET', path: (ids) => `${activities(ids)}?type=lunch`, status: 400, field: 'query.type' },
  { label: 'from after to', method: 'GET', path: (ids) => `${activities(ids)}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, status: 400, field: 'query.to' },
  { label: 'a malformed from', method: 'GET', path: (ids) => `${activities(ids)}?from=yesterday`, status: 400, field: 'query.from' },
  { label: 'a forged activities cursor', method: 'GET', path: (ids) => `${activities(ids)}?cursor=abc.def`, status: 400 },
  // GET /v1/customers/{customerId}/activities/{activityId}
  { label: 'a malformed activity id', method: 'GET', path: (ids) => `${activities(ids)}/nope`, status: 400, field: 'params.activityId' },
  { label: 'an unknown activity', method: 'GET', path: (ids) => `${activities(ids)}/${NO_SUCH}`, status: 404 },
  // PATCH /v1/customers/{customerId}/activities/{activityId}
  { label: 'a PATCH of occurredAt (fixed once recorded)', method: 'PATCH', path: activity, body: { occurredAt: hourAgo() }, headers: current, status: 400, field: 'body.occurredAt' },
  { label: 'an activity PATCH without If-Match', method: 'PATCH', path: activity, body: { followUpDone: true }, status: 428 },
  { label: 'an activity PATCH with a stale If-Match', method: 'PATCH', path: activity, body: { followUpDone: true }, headers: { 'if-match': '"3"' }, status: 412 },
  { label: 'an empty activity PATCH', method: 'PATCH', path: activity, body: {}, headers: current, status: 400 },
  { label: 'done while removing the date', method: 'PATCH', path: activity, body: { followUpDone: true, nextFollowUpAt: null }, headers: current, status: 400, field: 'body.followUpDone' },
  { label: 'an activity PATCH clearing the title', method: 'PATCH', path: activity, body: { title: null }, headers: current, status: 400, field: 'body.title' },
  { label: 'an activity PATCH naming another customer’s contact', method: 'PATCH', path: activity, body: { contactId: 'OTHER' }, headers: current, status: 400, field: 'body.contactId' },
  { label: 'an activity PATCH adding a disabled or unknown participant', method: 'PATCH', path: activity, body: { participants: { staff: ['nobody-here'] } }, headers: current, status: 400, field: 'body.participants.staff.0' },
  { label: 'an activity PATCH adding another customer’s participant contact', method: 'PATCH', path: activity, body: {}, headers: current, status: 400, field: 'body.participants.contacts.0' },
  { label: 'an activity PATCH by another manager', method: 'PATCH', path: activity, as: 'am2', body: { title: 'x' }, headers: current, status: 404 },
  // DELETE /v1/customers/{customerId}/activities/{activityId}
  { label: 'an activity DELETE without If-Match', method: 'DELETE', path: activity, status: 428 },
  { label: 'an activity DELETE with a stale If-Match', method: 'DELETE', path: activity, headers: { 'if-match': '"9"' }, status: 412 },
  // GET /v1/follow-ups
  { label: 'a malformed dueBefore', method: 'GET', path: () => '/v1/follow-ups?dueBefore=tomorrow', status: 400, field: 'query.dueBefore' },
  { label: 'a malformed userId', method: 'GET', path: () => '/v1/follow-ups?userId=a%20b', status: 400, field: 'query.userId' },
  { label: 'an unknown follow-up filter', method: 'GET', path: () => '/v1/follow-ups?done=true', status: 400, field: 'query.done' },
  { label: 'a forged follow-ups cursor', method: 'GET', path: () => '/v1/follow-ups?cursor=eyJrIjp7fX0.AAAA', status: 400 },
  // The customer's derived fields are read-only in the customers API
  { label: 'a customer PATCH of lastContactAt', method: 'PATCH', path: ({ customerId }) => `/v1/customers/${customerId}`, body: { lastContactAt: '2030-01-01T00:00:00Z' }, headers: current, status: 400, field: 'body.lastContactAt' },
  { label: 'a customer PATCH of primaryContactId', method: 'PATCH', path: ({ customerId }) => `/v1/customers/${customerId}`, body: { primaryContactId: NO_SUCH }, headers: current, status: 400, field: 'body.primaryContactId' },
  { label: 'a customer created with lastContactAt', method: 'POST', path: () => '/v1/customers', body: { name: 'x', lastContactAt: '2030-01-01T00:00:00Z' }, status: 400, field: 'body.lastContactAt' },
  // GET /v1/customers/{customerId}/overview
  { label: 'a malformed customer id for the overview', method: 'GET', path: () => '/v1/customers/nope/overview', status: 400, field: 'params.customerId' },
  { label: 'an unknown customer’s overview', method: 'GET', path: () => `/v1/customers/${NO_SUCH}/overview`, status: 404 },
  { label: 'another manager’s overview', method: 'GET', path: (ids) => `/v1/customers/${ids.customerId}/overview`, as: 'am2', status: 404 },
];

describe('contacts, activities, follow-ups and 360: bad input is refused with a problem and writes nothing', () => {
  let client: Client;
  let stop: () => Promise<void>;
  /**
   * Everything a bad request could have changed, as the admin sees it: the customer (version, lastContactAt,
   * primary pointer), its contacts, activities and open follow-ups (the very items the follow-up index lists).
   */
  const snapshot = async (ids: Arranged) => {
    const overview = await client.get<Record<string, unknown>>(`/v1/customers/${ids.customerId}/overview`, { as: 'admin' });
    expect(overview.status).toBe(200);
    return overview.json;
  };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it.each(BAD_REQUESTS)('$method: $label → $status', async (bad) => {
    // Prepare: am1's customer with a contact and an activity with an open follow-up; a contact of another customer
    const customer = await arrangeCustomer(client, 'am1');
    const other = await arrangeCustomer(client, 'am1');
    const ids: Arranged = {
      customerId: customer.id,
      contactId: (await arrangeContact(client, customer.id, { isPrimary: true })).id,
      activityId: (await arrangeActivity(client, customer.id, { nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString() }, 'am1')).id,
      otherContactId: (await arrangeContact(client, other.id)).id,
    };
    const before = await snapshot(ids);
    const body =
      bad.label === 'a contact of another customer'
        ? visit({ contactId: ids.otherContactId })
        : bad.label.includes('another customer’s contact')
          ? { contactId: ids.otherContactId }
          : bad.label === 'a participant contact of another customer'
            ? visit({ participants: { contacts: [ids.contactId, ids.otherContactId] } })
            : bad.label.includes('another customer’s participant contact')
              ? { participants: { contacts: [ids.otherContactId] } }
              : bad.body;

    // Act
    const response = await client.request(bad.method, bad.path(ids), {
      as: bad.as ?? 'admin',
      ...(body !== undefined ? { body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as { type: string; title: string; status: number; detail: string; errors?: { path: string }[] };
    expect(problem).toMatchObject({ status: bad.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
    if (bad.field) expect(problem.errors?.map((error) => error.path)).toContain(bad.field);
    expect(await snapshot(ids)).toEqual(before);
  });
});
