import { allPages, answerOf, idempotent, money, type SchemaOf, type SeedContext, type SeedSection } from './seed-section';

interface SeedCustomer {
  /** Who creates it: the owner themself, or a manager creating on an account manager's behalf. */
  readonly createdBy: string;
  readonly body: SchemaOf<'CreateCustomerRequest'> & { customerNo: string };
}

/** Owners am1, am2 and sales; half Chinese, half English names; several levels, regions and industries. */
export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  {
    createdBy: 'am1',
    body: {
      customerNo: 'KH-BJ-0001', name: '北京石油化工有限公司', level: 'strategic-partner', region: 'north-china',
      industry: 'petrochemical', source: 'trade-show', credit: 5, satisfaction: 4,
      address: '北京市朝阳区安定路 35 号', zip: '100029', phone: '010-64523388', fax: '010-64523399',
      website: 'https://www.bjpetrochem.example.com', licenceNo: '911100001000123456', legalRepresentative: '赵国强',
      registeredCapital: money(500_000_000), annualRevenue: money(3_200_000_000), bank: '中国工商银行北京朝阳支行',
      bankAccount: '0200004509001234567', localTaxNo: '110105100012345', nationalTaxNo: '911100001000123456',
      status: 'active', tags: ['state-owned', 'key-account'],
      email: 'purchasing@bjpetrochem.example.com', province: '110000', city: '110100', district: '朝阳区',
      employeeCount: 12_000, memo: '年度框架采购合同，每季度回访一次。\n对接人：采购部赵经理。',
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'KH-SH-0002', name: '上海华东电子有限公司', level: 'major', region: 'east-china', industry: 'electronics',
      source: 'referral', credit: 4, satisfaction: 5, address: '上海市浦东新区张江路 88 号', zip: '201203',
      phone: '021-58961234', website: 'https://www.hd-electronics.example.com', legalRepresentative: '陈立华',
      registeredCapital: money(80_000_000), annualRevenue: money(650_000_000), bank: '招商银行上海张江支行',
      bankAccount: '121908765410201', status: 'active', tags: ['export'],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'KH-CQ-0003', name: '重庆钢铁集团有限公司', level: 'key-prospect', region: 'southwest-china',
      industry: 'steel', source: 'cold-call', credit: 3, satisfaction: 3, address: '重庆市长寿区江南大道 2 号',
      zip: '401258', phone: '023-40882000', legalRepresentative: '周建军', registeredCapital: money(1_200_000_000),
      annualRevenue: money(8_500_000_000), status: 'active', tags: ['state-owned'],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'KH-SZ-0004', name: '深圳创新科技有限公司', level: 'major', region: 'south-china',
      industry: 'information-technology', source: 'website', credit: 4, satisfaction: 4,
      address: '深圳市南山区科技园南区 18 栋', zip: '518057', phone: '0755-86001234',
      website: 'https://www.sz-innovation.example.com', registeredCapital: money(30_000_000),
      annualRevenue: money(210_000_000), status: 'active', tags: ['high-tech'],
      type: 'prospect', email: 'bd@sz-innovation.example.com', province: '440000', city: '440300', district: '南山区',
      employeeCount: 420,
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'KH-HZ-0005', name: '杭州丝绸进出口有限公司', level: 'partner', region: 'east-china',
      industry: 'textiles', source: 'trade-show', credit: 5, satisfaction: 5, address: '杭州市上城区凤起路 150 号',
      zip: '310003', phone: '0571-87021188', fax: '0571-87021199', legalRepresentative: '沈美玲',
      registeredCapital: money(20_000_000), annualRevenue: money(96_000_000), bank: '中国银行杭州分行',
      bankAccount: '3658 5820 1234', status: 'active', tags: ['export', 'silk'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'KH-GZ-0006', name: '广州白云物流有限公司', level: 'ordinary', region: 'south-china',
      industry: 'logistics', source: 'advertisement', credit: 3, satisfaction: 3, address: '广州市白云区机场路 1288 号',
      zip: '510405', phone: '020-36065000', status: 'active', tags: [],
      type: 'supplier', province: '440000', city: '440100', district: '白云区', employeeCount: 860,
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'KH-WH-0007', name: '武汉光谷生物医药有限公司', level: 'key-prospect', region: 'central-china',
      industry: 'healthcare', source: 'referral', credit: 4, satisfaction: 4, address: '武汉市东湖新技术开发区高新大道 666 号',
      zip: '430075', phone: '027-87180000', website: 'https://www.optics-valley-bio.example.com',
      registeredCapital: money(150_000_000), status: 'active', tags: ['high-tech'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'KH-TJ-0008', name: '天津港湾机械制造有限公司', level: 'ordinary', region: 'north-china',
      industry: 'manufacturing', source: 'cold-call', credit: 2, satisfaction: 2, address: '天津市滨海新区新港二号路 9 号',
      zip: '300456', phone: '022-25706000', status: 'inactive', tags: ['overdue'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'KH-CD-0009', name: '成都天府食品集团', level: 'major', region: 'southwest-china',
      industry: 'food-beverage', source: 'trade-show', credit: 4, satisfaction: 5, address: '成都市武侯区天府大道中段 1 号',
      zip: '610041', phone: '028-85320000', annualRevenue: money(1_100_000_000), status: 'active', tags: ['retail-chain'],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'KH-SY-0010', name: '沈阳重型机器有限公司', level: 'partner', region: 'northeast-china',
      industry: 'manufacturing', source: 'partner', credit: 4, satisfaction: 3, address: '沈阳市铁西区北二东路 16 号',
      zip: '110021', phone: '024-25801234', legalRepresentative: '孙振东', registeredCapital: money(600_000_000),
      status: 'active', tags: ['state-owned'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'KH-NJ-0011', name: '南京金陵汽车零部件有限公司', level: 'key-prospect', region: 'east-china',
      industry: 'automotive', source: 'website', credit: 3, satisfaction: 4, address: '南京市江宁区胜太路 77 号',
      zip: '211100', phone: '025-52101234', status: 'active', tags: [],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'KH-XA-0012', name: '西安秦川能源股份有限公司', level: 'strategic-partner', region: 'northwest-china',
      industry: 'energy', source: 'referral', credit: 5, satisfaction: 4, address: '西安市雁塔区科技路 48 号',
      zip: '710075', phone: '029-88321000', website: 'https://www.qinchuan-energy.example.com',
      registeredCapital: money(2_000_000_000), annualRevenue: money(12_000_000_000), status: 'active',
      tags: ['state-owned', 'key-account'],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'KH-QD-0013', name: '青岛海滨建设工程有限公司', level: 'ordinary', region: 'east-china',
      industry: 'construction', source: 'advertisement', credit: 2, satisfaction: 3, address: '青岛市市南区香港中路 40 号',
      zip: '266071', phone: '0532-85901234', status: 'active', tags: [],
    },
  },
  {
    createdBy: 'admin',
    body: {
      customerNo: 'KH-XM-0014', name: '厦门鹭岛贸易有限公司', ownerId: 'am1', level: 'ordinary', region: 'south-china',
      industry: 'retail', source: 'trade-show', credit: 3, satisfaction: 4, address: '厦门市思明区鹭江道 8 号',
      zip: '361001', phone: '0592-2021234', status: 'active', tags: ['export'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'KH-SZ-0015', name: '苏州工业园精密仪器有限公司', ownerId: 'am2', level: 'major', region: 'east-china',
      industry: 'electronics', source: 'partner', credit: 5, satisfaction: 5, address: '苏州工业园区星湖街 328 号',
      zip: '215123', phone: '0512-62881234', registeredCapital: money(45_000_000), status: 'active', tags: ['high-tech'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'EN-0001', name: 'Acme Trading Ltd', level: 'major', region: 'overseas', industry: 'retail',
      source: 'trade-show', credit: 4, satisfaction: 4, address: '1200 Market Street, Wilmington, DE', zip: '19801',
      phone: '+1 302 555 0143', website: 'https://www.acme-trading.example.com', legalRepresentative: 'John Carter',
      annualRevenue: money(420_000_000), status: 'active', tags: ['import'],
      email: 'orders@acme-trading.example.com', country: 'US', province: 'Delaware', city: 'Wilmington', employeeCount: 1_500,
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'EN-0002', name: 'Northwind Traders', level: 'partner', region: 'overseas', industry: 'food-beverage',
      source: 'referral', credit: 5, satisfaction: 5, address: '4 Harbour View, Seattle, WA', zip: '98101',
      phone: '+1 206 555 0198', website: 'https://www.northwind.example.com', status: 'active', tags: ['import', 'key-account'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'EN-0003', name: 'Contoso Manufacturing Co.', level: 'strategic-partner', region: 'east-china',
      industry: 'manufacturing', source: 'partner', credit: 5, satisfaction: 4, address: '1 Century Avenue, Pudong, Shanghai',
      zip: '200120', phone: '+86 21 6888 0000', registeredCapital: money(300_000_000), annualRevenue: money(2_400_000_000),
      status: 'active', tags: ['joint-venture', 'key-account'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'EN-0004', name: 'Fabrikam Electronics GmbH', level: 'key-prospect', region: 'overseas',
      industry: 'electronics', source: 'trade-show', credit: 4, satisfaction: 3, address: 'Industriestraße 12, Stuttgart',
      zip: '70565', phone: '+49 711 555 0100', website: 'https://www.fabrikam.example.com', status: 'active', tags: ['export'],
      type: 'competitor', country: 'DE', province: 'Baden-Württemberg', city: 'Stuttgart', employeeCount: 3_200,
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'EN-0005', name: 'Globex Logistics', level: 'ordinary', region: 'overseas', industry: 'logistics',
      source: 'cold-call', credit: 3, satisfaction: 3, phone: '+65 6555 0123', status: 'active', tags: [],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'EN-0006', name: 'Initech Software Solutions', level: 'major', region: 'south-china',
      industry: 'information-technology', source: 'website', credit: 4, satisfaction: 4,
      address: '8 Science Park West Avenue, Shenzhen', zip: '518057', phone: '+86 755 2655 0000',
      website: 'https://www.initech.example.com', status: 'active', tags: ['high-tech'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'EN-0007', name: 'Umbrella Pharmaceuticals', level: 'key-prospect', region: 'overseas',
      industry: 'healthcare', source: 'referral', credit: 3, satisfaction: 2, address: '55 Raccoon Road, Boston, MA',
      zip: '02110', phone: '+1 617 555 0175', status: 'inactive', tags: ['on-hold'],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'EN-0008', name: 'Wayne Steel Industries', level: 'partner', region: 'overseas', industry: 'steel',
      source: 'partner', credit: 5, satisfaction: 4, address: '1007 Mountain Drive, Pittsburgh, PA', zip: '15201',
      phone: '+1 412 555 0110', annualRevenue: money(5_600_000_000), status: 'active', tags: ['import'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'EN-0009', name: 'Stark Energy Holdings', level: 'strategic-partner', region: 'overseas',
      industry: 'energy', source: 'referral', credit: 5, satisfaction: 5, phone: '+1 212 555 0188',
      website: 'https://www.stark-energy.example.com', annualRevenue: money(18_000_000_000), status: 'active',
      tags: ['key-account'],
    },
  },
  {
    createdBy: 'am1',
    body: {
      customerNo: 'EN-0010', name: 'Tailspin Toys Ltd', level: 'ordinary', region: 'overseas', industry: 'retail',
      source: 'advertisement', credit: 2, satisfaction: 3, address: '22 Kings Road, London', zip: 'SW3 4UD',
      phone: '+44 20 5555 0134', status: 'active', tags: [],
    },
  },
  {
    createdBy: 'am2',
    body: {
      customerNo: 'EN-0011', name: 'Litware Textiles', level: 'major', region: 'overseas', industry: 'textiles',
      source: 'trade-show', credit: 4, satisfaction: 4, address: '14 Via Roma, Milano', zip: '20121',
      phone: '+39 02 5555 0190', status: 'active', tags: ['import', 'silk'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'EN-0012', name: 'Adventure Works Automotive', level: 'key-prospect', region: 'central-china',
      industry: 'automotive', source: 'cold-call', credit: 3, satisfaction: 3, address: '3 Economic Zone Road, Wuhan',
      zip: '430056', phone: '+86 27 8442 0000', status: 'active', tags: ['joint-venture'],
    },
  },
  {
    createdBy: 'am1',
    body: { customerNo: 'EN-0013', name: 'Blue Yonder Airlines', level: 'ordinary', status: 'active', tags: [] },
  },
  {
    createdBy: 'admin',
    body: {
      customerNo: 'EN-0014', name: 'Coho Winery', ownerId: 'am2', level: 'partner', region: 'overseas',
      industry: 'food-beverage', source: 'referral', credit: 4, satisfaction: 5, address: '9 Vineyard Lane, Napa, CA',
      zip: '94558', phone: '+1 707 555 0121', website: 'https://www.cohowinery.example.com', status: 'active',
      tags: ['import'],
    },
  },
  {
    createdBy: 'sales',
    body: {
      customerNo: 'EN-0015', name: 'Woodgrove Bank China', level: 'major', region: 'north-china', industry: 'finance',
      source: 'partner', credit: 5, satisfaction: 4, address: '1 Financial Street, Xicheng District, Beijing',
      zip: '100033', phone: '+86 10 6655 0000', registeredCapital: money(1_000_000_000), status: 'active',
      tags: ['key-account'],
    },
  },
  {
    // An individual customer (kind: person): a gender and a birthday.
    createdBy: 'am1',
    body: {
      customerNo: 'KH-GR-0016', name: '王芳', kind: 'person', gender: 'female', birthday: '1985-03-12', level: 'ordinary',
      region: 'east-china', source: 'referral', phone: '138 0571 2233', email: 'wangfang@example.cn', province: '330000',
      city: '330100', district: '西湖区', status: 'active', tags: [],
    },
  },
];

/** For records that were already there (409): their ids, read through the list API. */
const listAllCustomers = async (context: SeedContext): Promise<Map<string, { id: string; ownerId: string }>> => {
  const items = await allPages('the customer list', (cursor) =>
    context.as('admin').GET('/v1/customers', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
  );
  return new Map(items.flatMap((item) => ('customerNo' in item && item.customerNo ? [[item.customerNo, { id: item.id, ownerId: item.ownerId }] as const] : [])));
};

export const customersSection: SeedSection = {
  name: 'customers',
  async run(context) {
    let created = 0;
    let replayed = 0;
    const alreadyThere: string[] = [];
    for (const { createdBy, body } of SEED_CUSTOMERS) {
      const answer = await answerOf(
        `customer ${body.customerNo}`,
        context.as(createdBy).POST('/v1/customers', { body, params: { header: idempotent('/v1/customers', body) } }),
        [201, 409],
      );
      if (answer.data) {
        context.customers.set(body.customerNo, { id: answer.data.id, ownerId: answer.data.ownerId });
        if (answer.replayed) replayed += 1;
        else created += 1;
      } else {
        alreadyThere.push(body.customerNo);
      }
    }
    if (alreadyThere.length > 0) {
      const existing = await listAllCustomers(context);
      for (const customerNo of alreadyThere) {
        const customer = existing.get(customerNo);
        // Taken but not listed (archived, say): later sections skip records that would belong to it.
        if (customer) context.customers.set(customerNo, customer);
        else console.warn(`seed: customer number ${customerNo} is taken by a customer the list does not show; skipped`);
      }
    }
    return { created, existing: replayed + alreadyThere.length };
  },
};
