import type { ApiResponse } from '#local/api-client';
import type { SeedContext, SeedSection } from './seed-section';

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

const failure = (what: string, answer: ApiResponse): Error => new Error(`seeding ${what} failed with ${answer.status}: ${answer.text}`);

const stepRequest = (id: string, step: Step): { path: string; body: Record<string, unknown> } => {
  if ('assign' in step) return { path: `/v1/services/${id}/assign`, body: { assigneeId: step.assign } };
  if ('handling' in step) return { path: `/v1/services/${id}/handle`, body: { handling: step.handling } };
  return { path: `/v1/services/${id}/feedback`, body: { feedback: step.feedback, satisfaction: step.satisfaction } };
};

export const servicesSection: SeedSection = {
  name: 'services',
  async run(context: SeedContext) {
    let created = 0;
    let existing = 0;
    for (const { customerNo, createdBy, body, steps } of SEED_SERVICES) {
      const customer = context.customers.get(customerNo);
      if (!customer) continue;
      const answer = await context.create(createdBy, '/v1/services', { ...body, customerId: customer.id });
      if (answer.status !== 201) throw failure(`service "${body.title}"`, answer);
      const { id } = answer.json as { id: string };
      if (answer.headers.get('idempotent-replayed') === 'true') existing += 1;
      else created += 1;
      const current = await context.get('admin', `/v1/services/${id}`);
      if (current.status !== 200) throw failure(`service ${id}`, current);
      const { history } = current.json as { version: number; history: unknown[] };
      let { version } = current.json as { version: number };
      // The first history entry is the creation; each further one is a step already made.
      for (const step of steps.slice(history.length - 1)) {
        const { path, body: stepBody } = stepRequest(id, step);
        const moved = await context.send(step.by, 'POST', path, { body: stepBody, headers: { 'if-match': `"${version}"` } });
        if (moved.status !== 200) throw failure(`${path}`, moved);
        version = (moved.json as { version: number }).version;
      }
    }
    return { created, existing };
  },
};
