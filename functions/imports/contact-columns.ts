import { exportOnlyColumns, type ColumnSpec } from './import-columns';

/**
 * The contact columns an import file may have (docs/import.md): the API's field names, the source forms'
 * Chinese terms and a contacts export's English headers. Each row names its customer by `customerNo` (客户编号, as a customer import or the API gave it) or
 * by `customerId`; `birthday` (生日) becomes the contact's birthday special day.
 */
export const CONTACT_COLUMNS: readonly ColumnSpec[] = [
  { field: 'customerNo', names: ['客户编号', 'customer no', 'customer number'], kind: 'text' },
  { field: 'customerId', names: ['客户ID', 'customer id'], kind: 'text' },
  { field: 'name', names: ['姓名', '联系人', '联系人姓名', 'contact name'], kind: 'text' },
  { field: 'salutation', names: ['称呼', '称谓'], kind: 'text' },
  { field: 'gender', names: ['性别'], kind: 'enum', labels: { 男: 'male', 女: 'female', 其他: 'other' } },
  { field: 'position', names: ['职位', '职务'], kind: 'text' },
  { field: 'department', names: ['部门'], kind: 'text' },
  { field: 'officePhone', names: ['办公电话', '电话', 'office phone'], kind: 'text' },
  { field: 'mobile', names: ['手机', '手机号', '移动电话'], kind: 'text' },
  { field: 'homePhone', names: ['住宅电话', '家庭电话', 'home phone'], kind: 'text' },
  { field: 'fax', names: ['传真'], kind: 'text' },
  { field: 'wechat', names: ['微信', '微信号'], kind: 'text' },
  { field: 'address', names: ['地址'], kind: 'text' },
  { field: 'email', names: ['邮箱', '电子邮件', 'e-mail'], kind: 'text' },
  { field: 'memo', names: ['备注'], kind: 'text' },
  { field: 'hobbies', names: ['爱好', '兴趣爱好'], kind: 'list' },
  { field: 'birthday', names: ['生日', '出生日期'], kind: 'text' },
  { field: 'isPrimary', names: ['主联系人', '首要联系人', 'primary'], kind: 'boolean' },
  // A contacts export's other columns (functions/exports/export-columns.ts): ids, the customer's name, audit fields.
  ...exportOnlyColumns(['ID', 'Customer', 'Created at', 'Created by', 'Updated at', 'Updated by', 'Marketing consent', 'Consent updated at']),
];

export const CONTACT_REQUIRED_COLUMNS = ['name'] as const;
