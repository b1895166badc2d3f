import { dataOf, idempotent, type SchemaOf, type SeedSection } from './seed-section';

/**
 * Demo contacts and activities: 2–4 contacts per seeded customer (the first one primary), and for the customers
 * of am1 and am2 a few visits, calls and care actions recorded by them — some with a follow-up due soon, one
 * overdue, one done — so each account manager opens a realistic follow-up list and 360 view.
 *
 * Created through the API like everything else. A customer that already has contacts (or activities) is left
 * alone, so re-seeding a persisted store adds nothing twice — even after the 24 h idempotency window.
 */

const PEOPLE = [
  { name: '张伟', gender: 'male', position: '采购经理', hobbies: ['高尔夫', '茶道'], salutation: '先生', department: '采购部', wechat: 'zhangwei_cg' },
  { name: '王芳', gender: 'female', position: '财务总监', hobbies: ['瑜伽'], salutation: '女士', department: '财务部', wechat: 'wangfang-cw' },
  { name: '李强', gender: 'male', position: '总经理', hobbies: ['钓鱼', '书法'] },
  { name: '刘洋', gender: 'female', position: '行政主管', hobbies: [] },
  { name: '陈静', gender: 'female', position: '技术总监', hobbies: ['跑步'] },
  { name: '杨磊', gender: 'male', position: '仓储经理', hobbies: ['篮球'] },
  { name: 'Emily Carter', gender: 'female', position: 'Head of Procurement', hobbies: ['tennis', 'wine'], salutation: 'Dr.', department: 'Procurement' },
  { name: 'James Miller', gender: 'male', position: 'CFO', hobbies: ['sailing'] },
  { name: 'Sophie Martin', gender: 'female', position: 'Operations Manager', hobbies: [] },
  { name: 'Daniel Weber', gender: 'male', position: 'CTO', hobbies: ['chess', 'cycling'] },
] as const;

const ACTIVITIES = [
  { type: 'visit', hoursAgo: 24 * 20, title: '季度拜访：回顾合作情况', place: '客户总部会议室', followUpInDays: undefined, done: false, result: '客户认可服务质量，计划下季度增加采购量。' },
  { type: 'call', hoursAgo: 24 * 6, title: '电话沟通新一年采购计划', place: undefined, followUpInDays: 3, done: false },
  { type: 'care', hoursAgo: 24 * 3, title: '中秋礼品寄送', place: undefined, followUpInDays: -1, done: false },
  { type: 'meeting', hoursAgo: 30, title: 'Contract renewal meeting', place: 'Client office', followUpInDays: 10, done: false },
  { type: 'email', hoursAgo: 5, title: '发送报价单与样品资料', place: undefined, followUpInDays: 2, done: true },
] as const;

const phoneOf = (index: number) => `+86 139 ${String(1000 + ((index * 7919) % 9000)).padStart(4, '0')} ${String(1000 + ((index * 104729) % 9000)).padStart(4, '0')}`;

/** Who writes under a customer: its owner when that is an account manager or the sales manager, else the admin. */
const writerFor = (ownerId: string): string => (['am1', 'am2', 'sales'].includes(ownerId) ? ownerId : 'admin');

export const contactsActivitiesSection: SeedSection = {
  name: 'contacts and activities',
  async run(context) {
    let created = 0;
    let existing = 0;
    let person = 0;
    const now = Date.now();
    for (const [customerIndex, [customerNo, customer]] of [...context.customers].entries()) {
      const writer = context.as(writerFor(customer.ownerId));
      const path = { customerId: customer.id };
      const contactsPath = `/v1/customers/${customer.id}/contacts`;
      const contactIds: string[] = [];
      const contacts = await dataOf(contactsPath, writer.GET('/v1/customers/{customerId}/contacts', { params: { path, query: { limit: 1 } } }));
      if (contacts.items.length === 0) {
        const count = 2 + (customerIndex % 3);
        for (let index = 0; index < count; index += 1) {
          const who = PEOPLE[person % PEOPLE.length]!;
          const body: SchemaOf<'CreateContactRequest'> = {
            name: who.name,
            gender: who.gender,
            position: who.position,
            mobile: phoneOf(person),
            officePhone: `010-6${String(5000000 + person * 137).slice(0, 7)}`,
            email: `contact${person}@${customerNo.toLowerCase()}.example.com`,
            isPrimary: index === 0,
            ...(who.hobbies.length > 0 ? { hobbies: [...who.hobbies] } : {}),
            specialDays: [
              { type: 'birthday' as const, date: `${String(1 + (person % 12)).padStart(2, '0')}-${String(1 + (person % 28)).padStart(2, '0')}` },
              ...(index === 0 ? [{ type: 'anniversary' as const, label: '合作开始', date: `20${String(10 + (person % 14))}-06-18` }] : []),
            ],
            ...(index === 0 ? { memo: '关键决策人，偏好邮件沟通。', address: `北京市朝阳区建国路 ${88 + person} 号`, fax: `010-6${String(5000000 + person * 139).slice(0, 7)}` } : {}),
            ...('salutation' in who ? { salutation: who.salutation, department: who.department } : {}),
            ...('wechat' in who ? { wechat: who.wechat } : {}),
          };
          person += 1;
          const contact = await dataOf(`contact of ${customerNo}`, writer.POST('/v1/customers/{customerId}/contacts', { params: { path, header: idempotent(contactsPath, body) }, body }));
          contactIds.push(contact.id);
          created += 1;
        }
      } else {
        existing += 1;
      }

      // Activities (with follow-ups) for the account managers' own customers.
      if (customer.ownerId !== 'am1' && customer.ownerId !== 'am2') continue;
      const activitiesPath = `/v1/customers/${customer.id}/activities`;
      const activities = await dataOf(activitiesPath, writer.GET('/v1/customers/{customerId}/activities', { params: { path, query: { limit: 1 } } }));
      if (activities.items.length > 0) {
        existing += 1;
        continue;
      }
      for (const [index, activity] of ACTIVITIES.entries()) {
        if ((customerIndex + index) % 4 === 3) continue; // not every customer gets every kind
        const occurred = now - activity.hoursAgo * 3600_000;
        const due = activity.followUpInDays === undefined ? undefined : Math.max(occurred, now + activity.followUpInDays * 86_400_000);
        const body: SchemaOf<'CreateActivityRequest'> = {
          type: activity.type,
          occurredAt: new Date(occurred).toISOString(),
          title: activity.title,
          ...(activity.place ? { place: activity.place } : {}),
          ...(contactIds.length > 0 ? { contactId: contactIds[index % contactIds.length] } : {}),
          ...(due === undefined ? {} : { nextFollowUpAt: new Date(due).toISOString(), followUpDone: activity.done }),
          // The visit: its outcome, and who took part (the sales manager, the customer's first two contacts).
          ...('result' in activity ? { result: activity.result, participants: { staff: ['sales'], contacts: contactIds.slice(0, 2) } } : {}),
        };
        await dataOf(
          `activity of ${customerNo}`,
          context.as(customer.ownerId).POST('/v1/customers/{customerId}/activities', { params: { path, header: idempotent(activitiesPath, body) }, body }),
        );
        created += 1;
      }
    }
    return { created, existing };
  },
};
