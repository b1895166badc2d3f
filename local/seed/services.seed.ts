import { answerOf, dataOf, idempotent, ifMatch, type SeedContext, type SeedSection } from './seed-section';

/**
 * Demo service requests (服务管理) in every state of the life cycle: one just created, one assigned, one handled
 * and waiting for the customer's feedback, one archived, and one reopened after an unhappy customer (so its
 * history holds a first round). Created through the API by the people who would do it, moved by the manager
 * (assign) and the assignee (handle, feedback).
 *
 * Re-seeding adds nothing twice: the create replays through its Idempotency-Key, and the moves already in a
 * request's history are not made again (the history length says how far it got).
 */

type Step =
  | { readonly assign: string; readonly by: string }
  | { readonly handling: string; readonly by: string }
  | { readonly feedback: string; readonly satisfaction: number; readonly by: string };

interface SeedService {
  readonly customerNo: string;
  readonly createdBy: string;
  readonly body: { readonly type: 'consultation' | 'complaint' | 'suggestion'; readonly title: string; readonly request: string };
  readonly steps: readonly Step[];
}

export const SEED_SERVICES: readonly SeedService[] = [
  {
    customerNo: 'KH-BJ-0001',
    createdBy: 'am1',
    body: { type: 'complaint', title: '发票金额与合同不符', request: '11 月发票金额比合同多出 3,200 元，客户财务要求重开。' },
    steps: [
      { assign: 'am1', by: 'sales' },
      { handling: '作废原发票并按合同金额重新开具，已快递寄出。', by: 'am1' },
      { feedback: '新发票已收到，处理及时。', satisfaction: 5, by: 'am1' },
    ],
  },
  {
    customerNo: 'KH-CQ-0003',
    createdBy: 'am2',
    body: { type: 'complaint', title: '交货延迟两周', request: '第二批阀门比约定交期晚了两周，影响客户检修计划。' },
    steps: [
      { assign: 'am2', by: 'sales' },
      { handling: '向客户书面致歉并说明物流原因。', by: 'am2' },
      { feedback: '只有道歉不够，需要补偿方案。', satisfaction: 2, by: 'am2' },
    ],
  },
  {
    customerNo: 'EN-0001',
    createdBy: 'am1',
    body: { type: 'consultation', title: 'Bulk pricing for 2027', request: 'Asked whether volume discounts apply to the 2027 framework order.' },
    steps: [
      { assign: 'am1', by: 'admin' },
      { handling: 'Sent the 2027 price list with the volume tiers; awaiting their reply.', by: 'am1' },
    ],
  },
  {
    customerNo: 'KH-SZ-0004',
    createdBy: 'admin',
    body: { type: 'consultation', title: '设备远程运维服务', request: '客户咨询能否提供 PLC 远程诊断服务及收费标准。' },
    steps: [{ assign: 'am2', by: 'sales' }],
  },
  {
    customerNo: 'KH-GZ-0006',
    createdBy: 'sales',
    body: { type: 'suggestion', title: '希望提供电子发票', request: '客户建议今后统一开具电子发票，便于报销归档。' },
    steps: [],
  },
];

/** Makes one step of a service request's life cycle as `step.by`; answers the request's new version. */
const makeStep = async (context: SeedContext, serviceId: string, version: number, step: Step): Promise<number> => {
  const client = context.as(step.by);
  const params = { path: { serviceId }, header: ifMatch(version) };
  const what = `service ${serviceId}`;
  if ('assign' in step) return (await dataOf(`${what}: assign`, client.POST('/v1/services/{serviceId}/assign', { params, body: { assigneeId: step.assign } }))).version;
  if ('handling' in step) return (await dataOf(`${what}: handle`, client.POST('/v1/services/{serviceId}/handle', { params, body: { handling: step.handling } }))).version;
  return (await dataOf(`${what}: feedback`, client.POST('/v1/services/{serviceId}/feedback', { params, body: { feedback: step.feedback, satisfaction: step.satisfaction } }))).version;
};

export const servicesSection: SeedSection = {
  name: 'services',
  async run(context: SeedContext) {
    let created = 0;
    let existing = 0;
    for (const { customerNo, createdBy, body, steps } of SEED_SERVICES) {
      const customer = context.customers.get(customerNo);
      if (!customer) continue;
      const createBody = { ...body, customerId: customer.id };
      const answer = await answerOf(
        `service "${body.title}"`,
        context.as(createdBy).POST('/v1/services', { params: { header: idempotent('/v1/services', createBody) }, body: createBody }),
        [201],
      );
      const serviceId = answer.data!.id;
      if (answer.replayed) existing += 1;
      else created += 1;
      // A replay answers the first create: read the request as it is now.
      const current = await dataOf(`service ${serviceId}`, context.as('admin').GET('/v1/services/{serviceId}', { params: { path: { serviceId } } }));
      let { version } = current;
      // The first history entry is the creation; each further one is a step already made.
      for (const step of steps.slice(current.history.length - 1)) version = await makeStep(context, serviceId, version, step);
    }
    return { created, existing };
  },
};
