import { beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '#functions/activities/create-activity.use-case';
import { updateActivity } from '#functions/activities/update-activity.use-case';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { sectionOf } from '#functions/customers/overview/customer-overview.repository';
import { getCustomerOverview } from '#functions/customers/overview/get-customer-overview.use-case';
import { ErrorCode } from '#shared/core/errors';
import { activityKeys, contactKeys, CUSTOMER_RECORD_LIMITS, followUpKeys, overviewKeys } from '#shared/keys/contact-activity.keys';
import { callers, customerRecordsTestKit, hoursAgo, hoursAhead } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';

describe('customer 360 view', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1', name: '北京石油' });
  });

  it('returns the customer, its contacts primary first, the latest 20 activities newest first and every open follow-up by due date', async () => {
    // Prepare
    const contact = (name: string, isPrimary = false) =>
      createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name, isPrimary } }).then((outcome) => outcome.contact);
    const first = await contact('First');
    const primary = await contact('Primary', true);
    const ids: string[] = [];
    for (let hours = 30; hours >= 1; hours -= 1) {
      const outcome = await createActivity(kit.activityDeps, {
        caller: callers.am1,
        customerId: OF_AM1,
        input: {
          type: hours % 2 ? 'call' : 'visit',
          occurredAt: hoursAgo(hours),
          title: `Contact ${hours}h ago`,
          ...(hours === 30 ? { nextFollowUpAt: hoursAhead(10), contactId: first.id } : hours === 5 ? { nextFollowUpAt: hoursAhead(2) } : {}),
          followUpDone: false,
        },
      });
      ids.push(outcome.activity.id);
    }
    const closed = ids[1]!;
    await updateActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: closed, changes: { nextFollowUpAt: hoursAhead(1), followUpDone: true }, expectedVersion: 1 });

    // Act
    const overview = await getCustomerOverview(kit.overviewDeps, { caller: callers.am1, customerId: OF_AM1 });

    // Assess
    expect(overview.customer).toMatchObject({ id: OF_AM1, name: '北京石油', lastContactAt: hoursAgo(1), primaryContactId: primary.id });
    expect(overview.contacts.map((item) => [item.name, item.isPrimary])).toEqual([['Primary', true], ['First', false]]);
    expect(overview.activities).toHaveLength(CUSTOMER_RECORD_LIMITS.overviewActivities);
    expect(overview.activities.map((item) => item.id)).toEqual([...ids].reverse().slice(0, 20));
    // The 30-hour-old follow-up is far outside the latest 20 activities and still in the view.
    expect(overview.openFollowUps.map((item) => [item.activityId, item.dueAt])).toEqual([
      [ids[25], hoursAhead(2)],
      [ids[0], hoursAhead(10)],
    ]);
  });

  it('answers customer-not-found to an account manager for another manager’s customer, and shows it to a manager', async () => {
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am2' });

    await expect(getCustomerOverview(kit.overviewDeps, { caller: callers.am1, customerId: OF_AM1 })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(getCustomerOverview(kit.overviewDeps, { caller: callers.sales, customerId: OF_AM1 })).resolves.toMatchObject({ customer: { ownerId: 'am2' } });
    // The data-exfiltration guard counts one customer read for the view served, none for the one refused.
    expect(kit.overviewReads).toEqual([
      { username: 'am1', charged: 1, returned: 0 },
      { username: 'sales', charged: 1, returned: 1 },
    ]);
  });

  it('answers customer-not-found for an archived customer, to everyone', async () => {
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1', deletedAt: '2026-11-01T00:00:00.000Z' });

    await expect(getCustomerOverview(kit.overviewDeps, { caller: callers.am1, customerId: OF_AM1 })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(getCustomerOverview(kit.overviewDeps, { caller: callers.admin, customerId: OF_AM1 })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
  });
});

describe('customer collection keys', () => {
  it('orders the collection so one backwards Query reads the bounded head, then activities newest first', () => {
    const customerId = '01JCUSTAM1AAAAAAAAAAAAAAAA';
    const keys = [
      activityKeys.item(customerId, '01J0000000AAAAAAAAAAAAAAAA').sk,
      activityKeys.item(customerId, '01JZZZZZZZAAAAAAAAAAAAAAAA').sk,
      contactKeys.directory(customerId).sk,
      'CUSTOMER',
      contactKeys.item(customerId, '01J0000000AAAAAAAAAAAAAAAA').sk,
      followUpKeys.item(customerId, '01J0000000AAAAAAAAAAAAAAAA').sk,
    ];
    const outside = ['ORDER#2026-11-22T08:00:00.000Z#01J', 'REMOVED#CONTACT#01J', 'TRANSFER#2026#1', contactKeys.removed(customerId, 'X').sk];

    expect([...keys].sort()).toEqual(keys);
    for (const sk of keys) expect(sk >= overviewKeys.range.from && sk <= overviewKeys.range.to).toBe(true);
    for (const sk of outside) expect(sk >= overviewKeys.range.from && sk <= overviewKeys.range.to).toBe(false);
    expect(keys.map(sectionOf)).toEqual(['activities', 'activities', 'directory', 'customer', 'contacts', 'followUps']);
    expect(sectionOf('CUSTOMER#SOMETHING_NEW#1')).toBeUndefined();
    expect(overviewKeys.limit).toBe(1 + 1 + 50 + 30 + 1 + 20); // + 1: the recent-orders item (orders)
  });

  it('turns a date range into a sort-key range of activity ids', () => {
    const at = Date.parse('2026-11-22T08:00:00.000Z');
    const idAt = (ms: number) => `ACTIVITY#${activityKeys.fromTime(ms).slice('ACTIVITY#'.length)}ABCDEFGHJKMNPQRS`;

    expect(idAt(at) >= activityKeys.fromTime(at)).toBe(true);
    expect(idAt(at - 1) < activityKeys.fromTime(at)).toBe(true);
    expect(idAt(at - 1) <= activityKeys.beforeTime(at)).toBe(true);
    expect(idAt(at) <= activityKeys.beforeTime(at)).toBe(false);
  });
});
