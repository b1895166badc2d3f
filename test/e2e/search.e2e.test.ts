import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { randomHan, randomMobile } from './scenarios/search.scenarios';

type Client = ReturnType<typeof api>;
interface Hit {
  id: string;
  name: string;
  ownerId: string;
  matchedBy: string;
  rank: string;
}
interface ContactHit {
  contact: { id: string; name: string };
  customer: { id: string; ownerId: string };
  rank: string;
}

const searchPath = (query: Record<string, string>) => `/v1/search/customers?${new URLSearchParams(query).toString()}`;

describe('search: customers by name infix, pinyin and lookups; contacts by phone and e-mail', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const search = async (as: string, query: Record<string, string>): Promise<Hit[]> => {
    const response = await client.get<{ items: Hit[] }>(searchPath(query), { as });
    expect(response.status, response.text).toBe(200);
    return response.json.items;
  };

  it('finds two characters from the middle of a Chinese name, ranked, in every role’s scope', async () => {
    // Prepare
    const word = randomHan(4);
    const exact = await arrangeCustomer(client, 'am1', { name: word });
    // Not 「<word>有限公司」: that is the same company as 「<word>」 (a 409 possible-duplicate, shared/duplicates/).
    const prefix = await arrangeCustomer(client, 'am1', { name: `${word}电子有限公司` });
    const infix = await arrangeCustomer(client, 'am2', { name: `北京${word}化工集团` });

    // Act
    const byRole = Object.fromEntries(await Promise.all(['admin', 'sales', 'exec', 'am1', 'am2'].map(async (as) => [as, await search(as, { q: word })] as const)));
    const middle = await search('admin', { q: word.slice(1, 3) });

    // Assess
    for (const as of ['admin', 'sales', 'exec']) expect(byRole[as]!.map((hit) => [hit.id, hit.rank])).toEqual([[exact.id, 'exact'], [prefix.id, 'prefix'], [infix.id, 'infix']]);
    expect(byRole.am1!.map((hit) => hit.id)).toEqual([exact.id, prefix.id]);
    expect(byRole.am2!.map((hit) => hit.id)).toEqual([infix.id]);
    expect(middle.map((hit) => hit.id).sort()).toEqual([exact.id, prefix.id, infix.id].sort());
  });

  it('finds three letters inside a Latin word and keeps the pinyin-initials prefix of the list', async () => {
    // Prepare
    const word = `zq${randomMobile().slice(-6)}x`;
    const latin = await arrangeCustomer(client, 'am1', { name: `Global ${word} Trading` });

    // Act
    const infix = await search('am1', { q: word.slice(2, 7) });
    const pinyin = await client.get<{ items: { name: string }[] }>(`/v1/customers?q=${encodeURIComponent('北京')}&limit=5`, { as: 'admin' });

    // Assess
    expect(infix.map((hit) => [hit.id, hit.matchedBy, hit.rank])).toEqual([[latin.id, 'name', 'infix']]);
    expect(pinyin.status).toBe(200);
  });

  it('keeps the index in step with renames, transfers and archives', async () => {
    // Prepare
    const [before, after] = [randomHan(4), randomHan(4)];
    const customer = await arrangeCustomer(client, 'am1', { name: `上海${before}` });

    // Act
    const renamed = await client.patch(`/v1/customers/${customer.id}`, { name: `上海${after}` }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const oldName = await search('admin', { q: before });
    const newName = await search('am1', { q: after });
    const transferred = await client.post(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': '"2"' } });
    const am1After = await search('am1', { q: after });
    const am2After = await search('am2', { q: after });
    const archived = await client.delete(`/v1/customers/${customer.id}`, { as: 'admin', headers: { 'if-match': '"3"' } });
    const afterArchive = await search('admin', { q: after });

    // Assess
    expect([renamed.status, transferred.status, archived.status]).toEqual([200, 200, 204]);
    expect(oldName).toEqual([]);
    expect(newName.map((hit) => hit.id)).toEqual([customer.id]);
    expect(am1After).toEqual([]);
    expect(am2After.map((hit) => [hit.id, hit.ownerId])).toEqual([[customer.id, 'am2']]);
    expect(afterArchive).toEqual([]);
  });

  it('looks a customer up by phone (whole or last digits), e-mail, customer number and tax number, scoped', async () => {
    // Prepare
    const mobile = randomMobile();
    const email = `buyer.${mobile}@example.com`;
    const tax = `91${mobile}X`;
    const customer = await arrangeCustomer(client, 'am1', { phone: `+86 ${mobile}`, email, nationalTaxNo: tax });
    const read = await client.get<{ customerNo: string }>(`/v1/customers/${customer.id}`, { as: 'admin' });

    // Act
    const byWhole = await search('am1', { phone: mobile });
    const byTail = await search('am1', { phone: mobile.slice(-6) });
    const byEmail = await search('sales', { email: email.toUpperCase() });
    const byNo = await search('exec', { customerNo: read.json.customerNo });
    const byTax = await search('admin', { taxNo: tax.toLowerCase() });
    const otherOwner = await search('am2', { phone: mobile });

    // Assess
    expect(byWhole.map((hit) => [hit.id, hit.matchedBy, hit.rank])).toEqual([[customer.id, 'phone', 'exact']]);
    expect(byTail.map((hit) => [hit.id, hit.rank])).toEqual([[customer.id, 'suffix']]);
    expect(byEmail.map((hit) => hit.id)).toEqual([customer.id]);
    expect(byNo.map((hit) => [hit.id, hit.matchedBy])).toEqual([[customer.id, 'customerNo']]);
    expect(byTax.map((hit) => [hit.id, hit.matchedBy])).toEqual([[customer.id, 'taxNo']]);
    expect(otherOwner).toEqual([]);
  });

  it('finds contacts across customers by phone or e-mail (caller ID), scoped, and follows their updates and removal', async () => {
    // Prepare
    const mobile = randomMobile();
    const ofAm1 = await arrangeCustomer(client, 'am1');
    const ofAm2 = await arrangeCustomer(client, 'am2');
    const first = await client.post<{ id: string }>(`/v1/customers/${ofAm1.id}/contacts`, { name: 'Wang', mobile, email: `wang.${mobile}@example.com` }, { as: 'am1' });
    const second = await client.post<{ id: string }>(`/v1/customers/${ofAm2.id}/contacts`, { name: 'Li', officePhone: `+86 ${mobile}` }, { as: 'am2' });
    const lookup = async (as: string, query: string) => {
      const response = await client.get<{ items: ContactHit[] }>(`/v1/contacts?${query}`, { as });
      expect(response.status, response.text).toBe(200);
      return response.json.items;
    };

    // Act
    const bySales = await lookup('sales', `phone=${mobile.slice(-4)}`);
    const byAm1 = await lookup('am1', `phone=${mobile}`);
    const byEmail = await lookup('exec', `email=WANG.${mobile}@example.com`);
    const changed = await client.patch(`/v1/customers/${ofAm1.id}/contacts/${first.json.id}`, { mobile: '13900000000' }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const afterChange = await lookup('admin', `phone=${mobile}`);
    const removed = await client.delete(`/v1/customers/${ofAm2.id}/contacts/${second.json.id}`, { as: 'am2', headers: { 'if-match': '"1"' } });
    const afterRemoval = await lookup('admin', `phone=${mobile}`);

    // Assess
    expect([first.status, second.status, changed.status, removed.status]).toEqual([201, 201, 200, 204]);
    expect(bySales.map((hit) => hit.contact.id).sort()).toEqual([first.json.id, second.json.id].sort());
    expect(byAm1.map((hit) => [hit.contact.id, hit.customer.ownerId, hit.rank])).toEqual([[first.json.id, 'am1', 'exact']]);
    expect(byEmail.map((hit) => hit.contact.id)).toEqual([first.json.id]);
    expect(afterChange.map((hit) => hit.contact.id)).toEqual([second.json.id]);
    expect(afterRemoval).toEqual([]);
  });

  it('creates and finds a customer whose name NFKC-expands far beyond its 200 characters (keys stay under 1,024 bytes)', async () => {
    // Prepare: U+FDFA is one character that NFKC turns into 18.
    const prefix = `zz${randomMobile()}`;

    // Act
    const created = await client.post<{ id: string }>('/v1/customers', { name: `${prefix}${'\ufdfa'.repeat(180)}`, ownerId: 'am1' }, { as: 'admin' });
    const found = await search('am1', { q: prefix });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(found.map((hit) => [hit.id, hit.rank])).toEqual([[created.json.id, 'prefix']]);
  });

  const BAD: { label: string; path: string; field: string }[] = [
    { label: 'one character', path: searchPath({ q: '石' }), field: 'query.q' },
    { label: 'a 10k-character query', path: searchPath({ q: 'a'.repeat(10_000) }), field: 'query.q' },
    { label: 'a #', path: searchPath({ q: '石油#1' }), field: 'query.q' },
    { label: 'a :', path: searchPath({ q: 'TERM:x' }), field: 'query.q' },
    { label: 'an emoji', path: searchPath({ q: '石油😀' }), field: 'query.q' },
    { label: 'only punctuation', path: searchPath({ q: '--' }), field: 'query.q' },
    { label: 'nothing to search for', path: '/v1/search/customers', field: 'query.q' },
    { label: 'two things to search for', path: searchPath({ q: '石油', phone: '8000' }), field: 'query.phone' },
    { label: 'a phone with three digits', path: searchPath({ phone: '800' }), field: 'query.phone' },
    { label: 'a phone with letters', path: searchPath({ phone: '80a0' }), field: 'query.phone' },
    { label: 'a malformed e-mail', path: searchPath({ email: 'x@' }), field: 'query.email' },
    { label: 'a customer number with #', path: searchPath({ customerNo: 'C#1' }), field: 'query.customerNo' },
    { label: 'a tax number with :', path: searchPath({ taxNo: '9111:0' }), field: 'query.taxNo' },
    { label: 'a limit over 50', path: searchPath({ q: '石油', limit: '51' }), field: 'query.limit' },
    { label: 'an unknown parameter', path: searchPath({ q: '石油', ownerId: 'am2' }), field: 'query.ownerId' },
    { label: 'a contact lookup without phone or e-mail', path: '/v1/contacts', field: 'query.phone' },
    { label: 'a contact lookup by both', path: '/v1/contacts?phone=8000&email=a%40b.cn', field: 'query.email' },
    { label: 'a contact phone with emoji', path: `/v1/contacts?phone=${encodeURIComponent('80😀00')}`, field: 'query.phone' },
    { label: 'a contact e-mail of 10k characters', path: `/v1/contacts?email=${'a'.repeat(10_000)}%40b.cn`, field: 'query.email' },
  ];

  it.each(BAD)('refuses $label with a 400 naming $field', async (bad) => {
    // Act
    const response = await client.get<{ status: number; errors?: { path: string }[] }>(bad.path, { as: 'am1' });

    // Assess
    expect(response.status, response.text).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.json.errors?.map((error) => error.path)).toContain(bad.field);
  });
});
