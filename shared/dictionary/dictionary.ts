/**
 * The data dictionary (基础数据, issue 8): the reference codes that records carry — customer levels, regions,
 * industries, customer sources, activity types, service types, lost reasons, product categories, China's provinces and
 * cities (GB/T 2260). A record stores the stable `code`; clients show the `label`. No AWS import: use cases, the validation cache and the storage layer share it.
 */

import { CHINA_CITIES, CHINA_PROVINCES } from './china-regions';

export const DICTIONARY_TYPES = [
  'customer-levels',
  'regions',
  'industries',
  'customer-sources',
  'activity-types',
  'service-types',
  'lost-reasons',
  'province',
  'city',
  'product-category',
  'dunning-methods',
  'care-rules',
  'opportunity-stages',
] as const;
export type DictionaryType = (typeof DICTIONARY_TYPES)[number];

export const isDictionaryType = (value: string): value is DictionaryType => (DICTIONARY_TYPES as readonly string[]).includes(value);

export interface DictionaryEntry {
  /** Stable, stored in records: a lower-case slug (`code` in shared/core/schema-primitives.ts). */
  readonly code: string;
  /** What clients display (CJK welcome). */
  readonly label: string;
  /** An inactive code stays valid in the records that carry it, but new input may not use it. */
  readonly active: boolean;
  /**
   * `care-rules` only (code = a customer level): "no contact for `days` days" (1–3650) is reminded `leadDays` (0 to
   * days − 1) before; shared/reminders/no-contact-reminder.ts reads them. No other type carries them.
   */
  readonly days?: number | undefined;
  readonly leadDays?: number | undefined;
  /**
   * `opportunity-stages` only: the stage's default probability (0–100 %), an opportunity's forecast weight until
   * someone overrides it (functions/opportunities/opportunity/stages.ts). No other type carries it.
   */
  readonly probability?: number | undefined;
}

/** One type's list. `version` 0 = the built-in defaults, never replaced yet (no item stored, no audit fields). */
export interface DictionaryList {
  readonly type: DictionaryType;
  /** In display order. */
  readonly entries: readonly DictionaryEntry[];
  readonly version: number;
  readonly createdAt?: string;
  readonly createdBy?: string;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** Everything the dictionary knows at one moment: every type's list and the codes records have used. */
export interface DictionarySnapshot {
  readonly lists: ReadonlyMap<DictionaryType, DictionaryList>;
  /** `usageKey(type, code)` of every code some record has used (never cleared: docs/data-model.md). */
  readonly used: ReadonlySet<string>;
}

export const usageKey = (type: DictionaryType, code: string): string => `${type}#${code}`;

const entries = (pairs: readonly (readonly [string, string])[]): DictionaryEntry[] =>
  pairs.map(([code, label]) => ({ code, label, active: true }));

/**
 * The built-in lists: what the features accepted before the dictionary existed (so no stored record and no client
 * breaks), labelled with the source specification's terms. They apply to every type no administrator has replaced
 * yet, so a fresh deployment validates input without any seeding step.
 */
export const DEFAULT_DICTIONARY: Readonly<Record<DictionaryType, readonly DictionaryEntry[]>> = {
  // The source specification's five customer levels (客户等级), with the codes customers already carry.
  'customer-levels': entries([
    ['ordinary', '普通客户'],
    ['key-prospect', '重点开发客户'],
    ['major', '大客户'],
    ['partner', '合作伙伴'],
    ['strategic-partner', '战略合作伙伴'],
  ]),
  regions: entries([
    ['north-china', '华北'],
    ['northeast-china', '东北'],
    ['east-china', '华东'],
    ['central-china', '华中'],
    ['south-china', '华南'],
    ['southwest-china', '西南'],
    ['northwest-china', '西北'],
    ['west-china', '西部'],
    ['overseas', '海外'],
  ]),
  industries: entries([
    ['agriculture', '农业'],
    ['automotive', '汽车及零部件'],
    ['construction', '建筑工程'],
    ['electronics', '电子'],
    ['energy', '能源'],
    ['finance', '金融'],
    ['food-beverage', '食品饮料'],
    ['healthcare', '医疗健康'],
    ['information-technology', '信息技术'],
    ['logistics', '物流'],
    ['machinery', '机械'],
    ['manufacturing', '制造业'],
    ['petrochemical', '石油化工'],
    ['retail', '零售'],
    ['steel', '钢铁'],
    ['textiles', '纺织'],
    ['wholesale', '批发'],
    ['other', '其他'],
  ]),
  'customer-sources': entries([
    ['advertisement', '广告'],
    ['cold-call', '电话开发'],
    ['partner', '合作伙伴推荐'],
    ['referral', '客户介绍'],
    ['trade-show', '展会'],
    ['website', '网站'],
    ['other', '其他'],
  ]),
  // 交往记录 / 联系记录 / 关怀记录
  'activity-types': entries([
    ['visit', '拜访'],
    ['call', '电话'],
    ['email', '邮件'],
    ['meeting', '会议'],
    ['care', '关怀'],
    ['other', '其他'],
  ]),
  // 服务类型: 咨询 / 投诉 / 建议
  'service-types': entries([
    ['consultation', '咨询'],
    ['complaint', '投诉'],
    ['suggestion', '建议'],
  ]),
  // 流失原因: the examples the confirm-loss schema documented.
  'lost-reasons': entries([
    ['competitor', '转向竞争对手'],
    ['price', '价格因素'],
    ['quality', '产品质量'],
    ['service', '服务不满意'],
    ['relocation', '搬迁'],
    ['bankruptcy', '破产倒闭'],
    ['no-demand', '不再需要'],
    ['other', '其他'],
  ]),
  // A Chinese customer's province and city (GB/T 2260 codes; shared/dictionary/china-regions.ts).
  province: entries(CHINA_PROVINCES),
  city: entries(CHINA_CITIES),
  // 产品类别: a product's `category` (functions/orders/products).
  'product-category': entries([
    ['hardware', '硬件设备'],
    ['components', '零部件'],
    ['consumables', '耗材'],
    ['software', '软件'],
    ['services', '服务'],
    ['other', '其他'],
  ]),
  // 催款方式: how a dunning note's contact was made (functions/dunning/).
  'dunning-methods': entries([
    ['phone', '电话催款'],
    ['visit', '上门催款'],
    ['email', '邮件催款'],
    ['letter', '催款函'],
    ['sms', '短信'],
    ['wechat', '微信'],
    ['other', '其他'],
  ]),
  // "No contact for N days" per customer level (客户关怀): code = the level's code, reminded leadDays before.
  'care-rules': [
    { code: 'ordinary', label: '普通客户: 90 天未联系', active: true, days: 90, leadDays: 7 },
    { code: 'key-prospect', label: '重点开发客户: 30 天未联系', active: true, days: 30, leadDays: 3 },
    { code: 'major', label: '大客户: 30 天未联系', active: true, days: 30, leadDays: 3 },
    { code: 'partner', label: '合作伙伴: 60 天未联系', active: true, days: 60, leadDays: 7 },
    { code: 'strategic-partner', label: '战略合作伙伴: 30 天未联系', active: true, days: 30, leadDays: 3 },
  ],
  // 销售阶段 (issue 20): an opportunity's stage, each with its default probability. `won` and `lost` are the closing
  // outcomes, reached only by winning or losing it (functions/opportunities/opportunity/stages.ts).
  'opportunity-stages': [
    { code: 'initial-contact', label: '初步接洽', active: true, probability: 10 },
    { code: 'needs-confirmed', label: '需求确认', active: true, probability: 30 },
    { code: 'proposal', label: '方案报价', active: true, probability: 50 },
    { code: 'negotiation', label: '谈判', active: true, probability: 70 },
    { code: 'won', label: '赢单', active: true, probability: 100 },
    { code: 'lost', label: '输单', active: true, probability: 0 },
  ],
};

/** Types whose entries carry numeric values (`days`, `leadDays`), required on each of their entries. */
export const NUMERIC_DICTIONARY_TYPES: readonly DictionaryType[] = ['care-rules'];

/** Types whose entries carry a `probability` (0–100), required on each of their entries. */
export const PROBABILITY_DICTIONARY_TYPES: readonly DictionaryType[] = ['opportunity-stages'];

export const defaultListOf = (type: DictionaryType): DictionaryList => ({ type, entries: DEFAULT_DICTIONARY[type], version: 0 });
