import { beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '#functions/activities/create-activity.use-case';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { callers, customerRecordsTestKit, hoursAgo } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';

/** A care activity (type `care`) on a contact closes the care reminders of its coming special days (issue 18, part 4). */
describe('care activities close the care of a coming special day', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;
  const contactWith = async (specialDays: { type: 'birthday' | 'anniversary'; date: string; label?: string }[]) =>
    (await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: '王芳', isPrimary: false, specialDays } })).contact;
  const record = (type: string, contactId: string) =>
    createActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, input: { type, occurredAt: hoursAgo(1), title: 'Flowers sent', followUpDone: false, contactId } });

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
  });

  it("closes this year's reminder of a day due within 30 days and puts next year's in its place; a far day stays", async () => {
    // Prepare: the pinned now is 2026-11-22; a birthday on 10 December (reminder 7 December), an anniversary in May.
    const contact = await contactWith([{ type: 'birthday', date: '1988-12-10' }, { type: 'anniversary', label: '入职', date: '2019-05-01' }]);

    // Act
    await record('care', contact.id);

    // Assess
    expect(kit.store.careClosings).toHaveLength(1);
    expect(kit.store.careClosings[0]!.closed).toMatchObject([{ sourceId: `${contact.id}:birthday:12-10`, remindAt: '2026-12-07T01:00:00.000Z' }]);
    expect(kit.store.careClosings[0]!.next).toMatchObject([{ sourceId: `${contact.id}:birthday:12-10`, remindAt: '2027-12-07T01:00:00.000Z' }]);
  });

  it('closes nothing for another activity type, or a care activity on a contact without a coming day', async () => {
    // Prepare
    const soon = await contactWith([{ type: 'birthday', date: '12-10' }]);
    const far = await contactWith([{ type: 'birthday', date: '06-10' }]);

    // Act
    await record('visit', soon.id);
    await record('care', far.id);

    // Assess
    expect(kit.store.careClosings).toEqual([]);
  });
});
