import { currencyColumn, exportOnlyColumns, type ColumnSpec } from './import-columns';

/**
 * The customer columns an import file may have (docs/import.md lists them): the API's field names, the source forms'
 * Chinese terms, and the English headers of a customer export (functions/exports/export-columns.ts), so an exported
 * file imports back as it is (its ids, derived figures and audit columns are read past). Level, region, industry and source take a dictionary code or its label (重点开发客户 →
 * key-prospect); status, type, kind and gender their value or a Chinese label.
 */
export const CUSTOMER_COLUMNS: readonly ColumnSpec[] = [
  { field: 'customerNo', names: ['客户编号', '编号', 'customer no', 'customer no.', 'customer number'], kind: 'text' },
  { field: 'name', names: ['客户名称', '名称', '公司名称', 'customer name'], kind: 'text' },
  { field: 'level', names: ['客户等级', '等级'], kind: 'code', dictionary: 'customer-levels' },
  { field: 'status', names: ['状态'], kind: 'enum', labels: { 正常: 'active', 活跃: 'active', 停用: 'inactive', 无效: 'inactive' } },
  { field: 'type', names: ['客户类型', '类型'], kind: 'enum', labels: { 客户: 'customer', 潜在客户: 'prospect', 合作伙伴: 'partner', 供应商: 'supplier', 竞争对手: 'competitor' } },
  { field: 'kind', names: ['客户性质', '性质'], kind: 'enum', labels: { 企业: 'company', 公司: 'company', 个人: 'person' } },
  { field: 'region', names: ['地区', '区域'], kind: 'code', dictionary: 'regions' },
  { field: 'industry', names: ['行业'], kind: 'code', dictionary: 'industries' },
  { field: 'source', names: ['客户来源', '来源'], kind: 'code', dictionary: 'customer-sources' },
  { field: 'credit', names: ['信用度', '客户信用度', '信用'], kind: 'integer' },
  { field: 'satisfaction', names: ['满意度', '客户满意度'], kind: 'integer' },
  { field: 'address', names: ['地址', '详细地址'], kind: 'text' },
  { field: 'zip', names: ['邮编', '邮政编码', 'postcode'], kind: 'text' },
  { field: 'phone', names: ['电话', '联系电话'], kind: 'text' },
  { field: 'fax', names: ['传真'], kind: 'text' },
  { field: 'website', names: ['网址', '网站'], kind: 'text' },
  { field: 'email', names: ['邮箱', '电子邮件', 'e-mail'], kind: 'text' },
  { field: 'licenceNo', names: ['营业执照注册号', '营业执照号', 'licence no', 'licence no.'], kind: 'text' },
  { field: 'legalRepresentative', names: ['法人', '法人代表', '法定代表人'], kind: 'text' },
  { field: 'bank', names: ['开户银行'], kind: 'text' },
  { field: 'bankAccount', names: ['银行账号'], kind: 'text' },
  { field: 'localTaxNo', names: ['地税登记号', 'local tax no.'], kind: 'text' },
  { field: 'nationalTaxNo', names: ['国税登记号', '税号', 'national tax no.'], kind: 'text' },
  { field: 'country', names: ['国家'], kind: 'text' },
  // A Chinese province or city by its GB/T 2260 code or its name (what an export writes); elsewhere free text.
  { field: 'province', names: ['省份', '省'], kind: 'code', dictionary: 'province' },
  { field: 'city', names: ['城市', '市'], kind: 'code', dictionary: 'city' },
  { field: 'district', names: ['区县', '区'], kind: 'text' },
  { field: 'employeeCount', names: ['员工人数', '人数', 'employees'], kind: 'integer' },
  { field: 'registeredCapital', names: ['注册资本', 'registered capital'], kind: 'money' },
  currencyColumn('registeredCapital', ['注册资本币种', 'registered capital currency']),
  { field: 'annualRevenue', names: ['年营业额', '年收入', 'annual revenue'], kind: 'money' },
  currencyColumn('annualRevenue', ['年营业额币种', 'annual revenue currency']),
  { field: 'memo', names: ['备注'], kind: 'text' },
  { field: 'gender', names: ['性别'], kind: 'enum', labels: { 男: 'male', 女: 'female', 未知: 'unspecified' } },
  { field: 'birthday', names: ['生日', '出生日期'], kind: 'text' },
  { field: 'tags', names: ['标签'], kind: 'list' },
  // Managers only: the owner's username (account managers own what they import). An export's `Owner` column is the
  // owner's display name, not a username: read past.
  { field: 'ownerId', names: ['客户经理', '负责人', 'owner id'], kind: 'text' },
  ...exportOnlyColumns(['ID', 'Owner', 'Last order at', 'Lifetime value', 'Lifetime value currency', 'Last contact at', 'Created at', 'Created by', 'Updated at', 'Updated by']),
];

export const CUSTOMER_REQUIRED_COLUMNS = ['name'] as const;
