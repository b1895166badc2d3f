import { describe, expect, it } from 'vitest';
import { disablePortalUser } from '#functions/portal/disable-portal-user.use-case';
import { getPortalMe } from '#functions/portal/get-portal-me.use-case';
import { invitePortalUser } from '#functions/portal/invite-portal-user.use-case';
import { listPortalUsers } from '#functions/portal/list-portal-users.use-case';
import { portalSessionOf } from '#functions/portal/portal-session';
import { portalTestKit } from '#test/fakes/in-memory-portal';

const CUSTOMER = '01JCUSTOMER0000000000000AA';
const OTHER_CUSTOMER = '01JCUSTOMER0000000000000BB';
const CONTACT = '01JCONTACT00000000000000AA';
const POOL = 'local_portal1';
const am1 = { username: 'am1', scope: 'own' as const };
const am2 = { username: 'am2', scope: 'own' as const };

const arrange = () => {
  const kit = portalTestKit();
  kit.users.companies.set(CUSTOMER, { id: CUSTOMER, name: '北京石油化工有限公司', ownerId: 'am1', phone: '010-1' });
  kit.users.companies.set(OTHER_CUSTOMER, { id: OTHER_CUSTOMER, name: 'Other', ownerId: 'am2' });
  kit.users.contacts.set(CONTACT, { id: CONTACT, customerId: CUSTOMER, name: '刘洋', email: 'Liu.Yang@Example.com', version: 1 });
  kit.cards.set('am1', { name: '张伟', email: 'zhang.wei@example.com', phone: '+8613800000000' });
  return kit;
};

describe('portal users (staff side)', () => {
  it('invites a contact once: the username is its e-mail lower-cased, the customer the path\'s; a second invite answers the first', async () => {
    // Prepare
    const kit = arrange();
    // Act
    const first = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    const second = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    // Assess
    expect(first.kind).toBe('created');
    expect(first.user).toMatchObject({ username: 'liu.yang@example.com', customerId: CUSTOMER, contactId: CONTACT, status: 'active', version: 1, createdBy: 'am1' });
    expect(second).toEqual({ kind: 'existing', user: first.user });
    expect(kit.users.audit).toHaveLength(1);
    expect(kit.users.audit[0]).toMatchObject({ entityType: 'portal-user', action: 'create', customerId: CUSTOMER });
  });

  it("refuses another owner's customer (404), a contact of another customer (404), a contact without e-mail (400) — nothing written", async () => {
    // Prepare
    const kit = arrange();
    kit.users.contacts.set('01JCONTACT00000000000000BB', { id: '01JCONTACT00000000000000BB', customerId: CUSTOMER, name: 'No mail', version: 1 });
    // Act
    const outcomes = await Promise.all([
      invitePortalUser(kit.deps, { caller: am2, customerId: CUSTOMER, input: { contactId: CONTACT } }).catch((error) => error.code),
      invitePortalUser(kit.deps, { caller: { username: 'admin', scope: 'all' }, customerId: OTHER_CUSTOMER, input: { contactId: CONTACT } }).catch((error) => error.code),
      invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: '01JCONTACT00000000000000BB' } }).catch((error) => error.code),
    ]);
    // Assess
    expect(outcomes).toEqual(['CustomerNotFound', 'ContactNotFound', 'ValidationFailed']);
    expect(kit.users.users.size).toBe(0);
  });

  it("disables on the version read (412 otherwise), in the pool too; another customer's user is 404", async () => {
    // Prepare
    const kit = arrange();
    const { user } = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    // Act
    const stale = await disablePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, portalUserId: user.id, expectedVersion: 2 }).catch((error) => error.code);
    const elsewhere = await disablePortalUser(kit.deps, { caller: { username: 'admin', scope: 'all' }, customerId: OTHER_CUSTOMER, portalUserId: user.id, expectedVersion: 1 }).catch((error) => error.code);
    const disabled = await disablePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, portalUserId: user.id, expectedVersion: 1 });
    // Assess
    expect(stale).toBe('VersionConflict');
    expect(elsewhere).toBe('PortalUserNotFound');
    expect(disabled).toMatchObject({ status: 'disabled', version: 2, disabledBy: 'am1' });
    expect(kit.identities.disabled.has(user.username)).toBe(true);
    expect(await listPortalUsers(kit.deps, { caller: am1, customerId: CUSTOMER })).toEqual([disabled]);
  });
});

describe('portal session and me', () => {
  it('takes the customer from the record by sub, never from a claim; refuses other pools, unknown and disabled users', async () => {
    // Prepare
    const kit = arrange();
    const { user } = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    const claims = { iss: `http://127.0.0.1:9229/${POOL}`, sub: user.id, customerId: OTHER_CUSTOMER, 'custom:customerId': OTHER_CUSTOMER };
    // Act
    const session = await portalSessionOf(kit.users, claims, POOL);
    const refusals = await Promise.all([
      portalSessionOf(kit.users, { ...claims, iss: 'http://127.0.0.1:9229/local_staff' }, POOL).catch((error) => error.code),
      portalSessionOf(kit.users, { ...claims, sub: '00000000-0000-4000-8000-000000000000' }, POOL).catch((error) => error.code),
      portalSessionOf(kit.users, undefined, POOL).catch((error) => error.code),
    ]);
    await disablePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, portalUserId: user.id, expectedVersion: 1 });
    const afterDisable = await portalSessionOf(kit.users, claims, POOL).catch((error) => error.code);
    // Assess
    expect(session.user.customerId).toBe(CUSTOMER);
    expect(refusals).toEqual(['Unauthenticated', 'Unauthenticated', 'Unauthenticated']);
    expect(afterDisable).toBe('Unauthenticated');
  });

  it('answers 404 once the customer is archived (after 401 for a refused user): the portal shows nothing of it', async () => {
    // Prepare
    const kit = arrange();
    const { user } = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    const claims = { iss: `http://127.0.0.1:9229/${POOL}`, sub: user.id };
    kit.users.companies.set(CUSTOMER, { id: CUSTOMER, name: '北京石油化工有限公司', ownerId: 'am1', deletedAt: '2026-12-06T00:00:00.000Z' });
    // Act
    const archived = await portalSessionOf(kit.users, claims, POOL).catch((error) => error.code);
    kit.users.companies.delete(CUSTOMER);
    const gone = await portalSessionOf(kit.users, claims, POOL).catch((error) => error.code);
    // Assess
    expect([archived, gone]).toEqual(['CustomerNotFound', 'CustomerNotFound']);
  });

  it("answers the company, the contact and the account manager's card (name, phone, e-mail only)", async () => {
    // Prepare
    const kit = arrange();
    const { user } = await invitePortalUser(kit.deps, { caller: am1, customerId: CUSTOMER, input: { contactId: CONTACT } });
    // Act
    const me = await getPortalMe(kit.deps, { user, company: kit.users.companies.get(CUSTOMER)! });
    // Assess
    expect(me.company).toEqual({ id: CUSTOMER, name: '北京石油化工有限公司', phone: '010-1' });
    expect(me.contact).toMatchObject({ id: CONTACT, name: '刘洋' });
    expect(me.accountManager).toEqual({ name: '张伟', email: 'zhang.wei@example.com', phone: '+8613800000000' });
  });
});
