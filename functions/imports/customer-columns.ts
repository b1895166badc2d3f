import type { ColumnSpec } from './import-columns';

/**
 * The customer columns an import file may have (docs/import.md lists them): the API's field names, and the
 * source forms' Chinese terms. Level, region, industry and source take a dictionary code or its label (重点开发客户 →
 * key-prospect); status, type, kind and gender their value or a Chinese label.
 */
export const CUSTOMER_COLUMNS: readonly ColumnSpec[] = [
  { field: 'customerNo', names: ['客户编号', '编号', 'customer no', 'customer number'], kind: 'text' },
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
  { field: 'zip', names: ['邮编', '邮政编码'], kind: 'text' },
  { field: 'phone', names: ['电话', '联系电话'], kind: 'text' },
  { field: 'fax', names: ['传真'], kind: 'text' },
  { field: 'website', names: ['网址', '网站'], kind: 'text' },
  { field: 'email', names: ['邮箱', '电子邮件', 'e-mail'], kind: 'text' },
  { field: 'licenceNo', names: ['营业执照注册号', '营业执照号', 'licence no'], kind: 'text' },
  { field: 'legalRepresentative', names: ['法人', '法人代表', '法定代表人'], kind: 'text' },
  { field: 'bank', names: ['开户银行'], kind: 'text' },
  { field: 'bankAccount', names: ['银行账号'], kind: 'text' },
  { field: 'localTaxNo', names: ['地税登记号'], kind: 'text' },
  { field: 'nationalTaxNo', names: ['国税登记号', '税号'], kind: 'text' },
  { field: 'country', names: ['国家'], kind: 'text' },
  { field: 'province', names: ['省份', '省'], kind: 'text' },
  { field: 'city', names: ['城市', '市'], kind: 'text' },
  { field: 'district', names: ['区县', '区'], kind: 'text' },
  { field: 'employeeCount', names: ['员工人数', '人数'], kind: 'integer' },
  { field: 'memo', names: ['备注'], kind: 'text' },
  { field: 'gender', names: ['性别'], kind: 'enum', labels: { 男: 'male', 女: 'female', 未知: 'unspecified' } },
  { field: 'birthday', names: ['生日', '出生日期'], kind: 'text' },
  { field: 'tags', names: ['标签'], kind: 'list' },
  // Managers only: the owner's username (account managers own what they import).
  { field: 'ownerId', names: ['客户经理', '负责人', 'owner'], kind: 'text' },
];

export const CUSTOMER_REQUIRED_COLUMNS = ['name'] as const;
