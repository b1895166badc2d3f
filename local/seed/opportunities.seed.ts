import { allPages, dataOf, idempotent, ifMatch, money, type SchemaOf, type SeedContext, type SeedSection } from './seed-section';

// ------------------------------------------------------------------------------------------- opportunities

interface SeedOpportunity {
  /** The create body (by the sales manager); `customerNo` names an existing seed customer instead of a prospect. */
  readonly body: Omit<SchemaOf<'CreateOpportunityRequest'>, 'customerId'> & { customerNo?: string };
  /** Assigned to these account managers in turn (a second entry is a reassignment). */
  readonly assign?: readonly string[];
  readonly plan?: readonly { plannedAt: string; action: string; result?: string }[];
  readonly outcome?: { won: SchemaOf<'WinOpportunityRequest'> } | { lost: string };
}

/** Eight opportunities across the life cycle: two unassigned, three being worked, one reassigned, one won, one lost. */
export const SEED_OPPORTUNITIES: readonly SeedOpportunity[] = [
  {
    body: {
      prospectName: '宁波港口机械有限公司', source: 'trade-show', summary: '港口起重设备更新，需要 12 台门座式起重机', successRate: 30,
      contactName: '王建国', contactPhone: '0574-8768 2200', estimatedAmount: money(2_400_000), expectedCloseDate: '2027-05-31',
    },
  },
  {
    body: {
      prospectName: '合肥智能家电股份有限公司', source: 'website', summary: '咨询工业传感器批量采购', successRate: 15,
      contactName: '孙丽', contactPhone: '138 5512 0098',
    },
  },
  {
    body: {
      prospectName: '大连船舶配件有限公司', source: 'referral', summary: '船用阀门年度框架协议', successRate: 50,
      contactName: '刘海峰', contactPhone: '0411-8272 3300', estimatedAmount: money(860_000), expectedCloseDate: '2027-02-28',
      description: '由沈阳重型机器推荐；对方要求 ISO 9001 证书与样品。',
    },
    assign: ['am1'],
    plan: [
      { plannedAt: '2026-12-02', action: '电话拜访采购部，了解年度需求', result: '需求确认：DN50–DN200 阀门约 3,000 件' },
      { plannedAt: '2026-12-15', action: '寄送样品与资质文件' },
    ],
  },
  {
    body: {
      prospectName: 'Orion Medical Devices', source: 'trade-show', summary: 'Clean-room conveyor line for a new plant in Suzhou',
      successRate: 40, contactName: 'Emily Carter', contactPhone: '+1 617 555 0142',
      estimatedAmount: { amount: 35_000_000, currency: 'USD' }, expectedCloseDate: '2027-04-30',
    },
    assign: ['am2'],
    plan: [{ plannedAt: '2026-12-08T06:00:00Z', action: 'Video call with their plant engineer' }],
  },
  {
    body: {
      prospectName: '长沙工程机械配套有限公司', source: 'cold-call', summary: '液压件替代进口件', successRate: 65,
      contactName: '周涛', contactPhone: '139 7310 4455', estimatedAmount: money(1_150_000),
    },
    assign: ['am2', 'am1'],
    plan: [{ plannedAt: '2026-12-05', action: '上门技术交流', result: '对方技术部认可，进入商务谈判' }],
  },
  {
    body: {
      prospectName: '昆明花卉出口有限公司', source: 'referral', summary: '冷链物流设备采购', successRate: 80,
      contactName: '杨梅', contactPhone: '+86 139 8700 1122', estimatedAmount: money(520_000), expectedCloseDate: '2026-12-31',
    },
    assign: ['am2'],
    plan: [
      { plannedAt: '2026-11-25', action: '方案演示', result: '客户满意' },
      { plannedAt: '2026-11-28', action: '报价并谈判', result: '价格谈妥，同意签约' },
    ],
    outcome: { won: { level: 'key-prospect', region: 'southwest-china', industry: 'agriculture' } },
  },
  {
    body: {
      customerNo: 'KH-BJ-0001', source: 'referral', summary: '第二炼油厂控制系统改造', successRate: 70,
      contactName: '赵国强', contactPhone: '010-6452 3388', estimatedAmount: money(6_800_000), expectedCloseDate: '2027-06-30',
    },
    assign: ['am1'],
    plan: [{ plannedAt: '2026-12-10', action: '与总工程师会面' }],
  },
  {
    body: {
      prospectName: '贵阳云数据中心有限公司', source: 'advertisement', summary: '机房精密空调 40 台', successRate: 20,
      contactName: '何敏', contactPhone: '0851-8561 7000', estimatedAmount: money(3_100_000),
    },
    assign: ['am2'],
    plan: [{ plannedAt: '2026-11-20', action: '提交技术方案', result: '对方选择了价格更低的竞争对手' }],
    outcome: { lost: '价格高于竞争对手 18%' },
  },
];

/** What is already there (a persisted store), by prospect name and summary: such opportunities are skipped. */
const existingOpportunities = async (context: SeedContext): Promise<Set<string>> => {
  const items = await allPages('the opportunity list', (cursor) =>
    context.as('admin').GET('/v1/opportunities', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
  );
  return new Set(items.map((item) => `${item.prospectName}\n${item.summary}`));
};

/**
 * Opportunities through their whole life cycle, as the sales manager and the account managers would run it:
 * created by `sales`, assigned (and once reassigned), plans worked by the assignee, one won (which creates its
 * customer and primary contact) and one lost. Re-seeding skips opportunities already there.
 */
export const opportunitiesSection: SeedSection = {
  name: 'opportunities',
  async run(context) {
    const existing = await existingOpportunities(context);
    let created = 0;
    let skipped = 0;
    const sales = context.as('sales');
    for (const { body: { customerNo, ...body }, assign = [], plan = [], outcome } of SEED_OPPORTUNITIES) {
      const customer = customerNo === undefined ? undefined : context.customers.get(customerNo);
      if (customerNo !== undefined && !customer) continue;
      const customerName = customer
        ? (await dataOf(`customer ${customerNo}`, context.as('admin').GET('/v1/customers/{customerId}', { params: { path: { customerId: customer.id } } }))).name
        : undefined;
      if (existing.has(`${customerName ?? body.prospectName}\n${body.summary}`)) {
        skipped += 1;
        continue;
      }
      const what = `opportunity ${customerName ?? body.prospectName}`;
      const createBody = customer ? { ...body, customerId: customer.id } : body;
      const opportunity = await dataOf(what, sales.POST('/v1/opportunities', { body: createBody, params: { header: idempotent('/v1/opportunities', createBody) } }));
      const opportunityId = opportunity.id;
      const path = { opportunityId };
      let version = opportunity.version;
      for (const assigneeId of assign) {
        await dataOf(`${what}: assign`, sales.POST('/v1/opportunities/{opportunityId}/assign', { params: { path, header: ifMatch(version) }, body: { assigneeId } }));
        version += 1;
      }
      const worker = context.as(assign.at(-1) ?? 'sales');
      for (const step of plan) {
        const stepBody = { plannedAt: step.plannedAt, action: step.action };
        const added = await dataOf(
          `${what}: plan`,
          worker.POST('/v1/opportunities/{opportunityId}/plan-steps', { params: { path, header: idempotent(`/v1/opportunities/${opportunityId}/plan-steps`, stepBody) }, body: stepBody }),
        );
        if (step.result !== undefined) {
          await dataOf(
            `${what}: result`,
            worker.PATCH('/v1/opportunities/{opportunityId}/plan-steps/{stepId}', { params: { path: { opportunityId, stepId: added.id }, header: ifMatch(1) }, body: { result: step.result } }),
          );
        }
      }
      if (outcome && 'won' in outcome) await dataOf(`${what}: win`, worker.POST('/v1/opportunities/{opportunityId}/win', { params: { path, header: ifMatch(version) }, body: outcome.won }));
      if (outcome && 'lost' in outcome) await dataOf(`${what}: lose`, worker.POST('/v1/opportunities/{opportunityId}/lose', { params: { path, header: ifMatch(version) }, body: { reason: outcome.lost } }));
      created += 1;
    }
    return { created, existing: skipped };
  },
};
