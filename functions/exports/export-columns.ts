import type { CustomFieldDefinition, CustomMoney } from '#shared/custom-fields/custom-field';
import type { DictionarySnapshot, DictionaryType } from '#shared/dictionary/dictionary';
import type { ExportRecord } from './export.ports';
import type { ExportEntity } from './export.schema';

/**
 * The columns of each export: the API's fields under English headers, then one column per custom field
 * (`custom.<key>`, headed by its label). A cell is typed — text, number, date/time, boolean — so the xlsx writer
 * writes typed cells and the CSV writer plain values; dictionary codes are written as their labels (the import
 * accepts labels too), money as a number of yuan with its currency in the next column.
 */
export type Cell = string | number | boolean | Date | null;
export type CellKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface ExportColumn {
  readonly header: string;
  readonly kind: CellKind;
  readonly cell: (item: ExportRecord) => Cell;
}

type Field = readonly [key: string, header: string, kind?: 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'money' | 'list' | DictionaryType];

const CUSTOMER_FIELDS: readonly Field[] = [
  ['id', 'ID'], ['customerNo', 'Customer no.'], ['name', 'Name'], ['level', 'Level', 'customer-levels'], ['status', 'Status'],
  ['type', 'Type'], ['kind', 'Kind'], ['ownerId', 'Owner ID'], ['ownerName', 'Owner'], ['tags', 'Tags', 'list'],
  ['region', 'Region', 'regions'], ['industry', 'Industry', 'industries'], ['source', 'Source', 'customer-sources'],
  ['credit', 'Credit', 'number'], ['satisfaction', 'Satisfaction', 'number'], ['phone', 'Phone'], ['fax', 'Fax'], ['email', 'E-mail'],
  ['website', 'Website'], ['address', 'Address'], ['zip', 'Postcode'], ['country', 'Country'], ['province', 'Province', 'province'],
  ['city', 'City', 'city'], ['district', 'District'], ['licenceNo', 'Licence no.'], ['legalRepresentative', 'Legal representative'],
  ['registeredCapital', 'Registered capital', 'money'], ['annualRevenue', 'Annual revenue', 'money'], ['bank', 'Bank'],
  ['bankAccount', 'Bank account'], ['localTaxNo', 'Local tax no.'], ['nationalTaxNo', 'National tax no.'],
  ['employeeCount', 'Employees', 'number'], ['gender', 'Gender'], ['birthday', 'Birthday', 'date'], ['memo', 'Memo'],
  ['lastOrderAt', 'Last order at', 'datetime'], ['lifetimeValue', 'Lifetime value', 'money'], ['lastContactAt', 'Last contact at', 'datetime'],
  ['createdAt', 'Created at', 'datetime'], ['createdBy', 'Created by'], ['updatedAt', 'Updated at', 'datetime'], ['updatedBy', 'Updated by'],
];

const CONTACT_FIELDS: readonly Field[] = [
  ['id', 'ID'], ['customerId', 'Customer ID'], ['name', 'Name'], ['salutation', 'Salutation'], ['gender', 'Gender'],
  ['position', 'Position'], ['department', 'Department'], ['officePhone', 'Office phone'], ['mobile', 'Mobile'],
  ['homePhone', 'Home phone'], ['fax', 'Fax'], ['wechat', 'WeChat'], ['email', 'E-mail'], ['address', 'Address'],
  ['isPrimary', 'Primary', 'boolean'], ['hobbies', 'Hobbies', 'list'], ['memo', 'Memo'],
  ['marketingConsent', 'Marketing consent'], ['consentUpdatedAt', 'Consent updated at', 'datetime'],
  ['createdAt', 'Created at', 'datetime'], ['createdBy', 'Created by'], ['updatedAt', 'Updated at', 'datetime'], ['updatedBy', 'Updated by'],
];

const ACTIVITY_FIELDS: readonly Field[] = [
  ['id', 'ID'], ['customerId', 'Customer ID'], ['type', 'Type', 'activity-types'], ['occurredAt', 'Occurred at', 'datetime'],
  ['title', 'Title'], ['place', 'Place'], ['description', 'Description'], ['result', 'Result'], ['contactId', 'Contact ID'],
  ['nextFollowUpAt', 'Next follow-up at', 'datetime'], ['followUpDone', 'Follow-up done', 'boolean'],
  ['createdAt', 'Created at', 'datetime'], ['createdBy', 'Created by'], ['updatedAt', 'Updated at', 'datetime'], ['updatedBy', 'Updated by'],
];

const ORDER_FIELDS: readonly Field[] = [
  ['id', 'ID'], ['orderNo', 'Order no.'], ['customerId', 'Customer ID'], ['customerName', 'Customer'], ['status', 'Status'],
  ['orderedAt', 'Ordered at', 'datetime'], ['total', 'Total', 'money'], ['paidAmount', 'Paid', 'money'], ['balance', 'Balance', 'money'],
  ['paymentStatus', 'Payment status'], ['lineCount', 'Lines', 'number'],
  ['createdAt', 'Created at', 'datetime'], ['createdBy', 'Created by'], ['updatedAt', 'Updated at', 'datetime'], ['updatedBy', 'Updated by'],
];

const FIELDS: Readonly<Record<ExportEntity, readonly Field[]>> = {
  customers: CUSTOMER_FIELDS,
  contacts: CONTACT_FIELDS,
  activities: ACTIVITY_FIELDS,
  orders: ORDER_FIELDS,
};

/** The custom fields' entity type of each export (activities have none). */
export const CUSTOM_FIELD_TYPE_OF = { customers: 'customer', contacts: 'contact', orders: 'order', activities: undefined } as const;

const isMoney = (value: unknown): value is CustomMoney =>
  typeof value === 'object' && value !== null && typeof (value as CustomMoney).amount === 'number' && typeof (value as CustomMoney).currency === 'string';

/** Minor units → a decimal number (fen → yuan): what a spreadsheet sums. */
const major = (money: CustomMoney): number => money.amount / 100;

const text = (value: unknown): Cell => (value === undefined || value === null ? null : typeof value === 'string' ? value : String(value));

const typed = (kind: CellKind, value: unknown): Cell => {
  if (value === undefined || value === null || value === '') return null;
  switch (kind) {
    case 'number':
      return typeof value === 'number' ? value : text(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : text(value);
    case 'date':
    case 'datetime': {
      if (typeof value !== 'string') return text(value);
      const at = new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
      return Number.isNaN(at.getTime()) ? value : at;
    }
    case 'text':
      return text(value);
  }
};

/** Code → label of one dictionary list, as a map built once per export (the city list has thousands of codes). */
const labelsOf = (snapshot: DictionarySnapshot, type: DictionaryType): ReadonlyMap<string, string> =>
  new Map((snapshot.lists.get(type)?.entries ?? []).map((entry) => [entry.code, entry.label]));

const fieldColumns = ([key, header, kind = 'text']: Field, snapshot: DictionarySnapshot): ExportColumn[] => {
  const value = (item: ExportRecord): unknown => item.record[key];
  switch (kind) {
    case 'money':
      return [
        { header, kind: 'number', cell: (item) => (isMoney(value(item)) ? major(value(item) as CustomMoney) : null) },
        { header: `${header} currency`, kind: 'text', cell: (item) => (isMoney(value(item)) ? (value(item) as CustomMoney).currency : null) },
      ];
    case 'list':
      return [{ header, kind: 'text', cell: (item) => (Array.isArray(value(item)) ? (value(item) as unknown[]).join('; ') : text(value(item))) }];
    case 'text':
    case 'number':
    case 'boolean':
    case 'date':
    case 'datetime':
      return [{ header, kind, cell: (item) => typed(kind, value(item)) }];
    default: {
      const labels = labelsOf(snapshot, kind);
      return [{ header, kind: 'text', cell: (item) => (typeof value(item) === 'string' ? (labels.get(value(item) as string) ?? (value(item) as string)) : text(value(item))) }];
    }
  }
};

const customColumns = (definition: CustomFieldDefinition): ExportColumn[] => {
  const value = (item: ExportRecord): unknown => (item.record['custom'] as Record<string, unknown> | undefined)?.[definition.key];
  const header = definition.label;
  const optionLabel = (code: unknown): string => definition.options?.find((option) => option.code === code)?.label ?? String(code);
  switch (definition.type) {
    case 'money':
      return [
        { header, kind: 'number', cell: (item) => (isMoney(value(item)) ? major(value(item) as CustomMoney) : null) },
        { header: `${header} currency`, kind: 'text', cell: (item) => (isMoney(value(item)) ? (value(item) as CustomMoney).currency : null) },
      ];
    case 'number':
      return [{ header, kind: 'number', cell: (item) => typed('number', value(item)) }];
    case 'boolean':
      return [{ header, kind: 'boolean', cell: (item) => typed('boolean', value(item)) }];
    case 'date':
      return [{ header, kind: 'date', cell: (item) => typed('date', value(item)) }];
    case 'singleSelect':
      return [{ header, kind: 'text', cell: (item) => (value(item) === undefined ? null : optionLabel(value(item))) }];
    case 'multiSelect':
      return [{ header, kind: 'text', cell: (item) => (Array.isArray(value(item)) ? (value(item) as unknown[]).map(optionLabel).join('; ') : null) }];
    case 'text':
    case 'longText':
      return [{ header, kind: 'text', cell: (item) => text(value(item)) }];
  }
};

/**
 * The columns of an export of `entity`: its fields, the customer's name for contacts and activities (read with the
 * page that listed them), then the custom fields in display order (inactive ones too: their values are kept).
 */
export const exportColumns = (entity: ExportEntity, snapshot: DictionarySnapshot, definitions: readonly CustomFieldDefinition[]): ExportColumn[] => {
  const columns = FIELDS[entity].flatMap((field) => fieldColumns(field, snapshot));
  if (entity === 'contacts' || entity === 'activities') {
    columns.splice(2, 0, { header: 'Customer', kind: 'text', cell: (item) => item.customerName ?? null });
  }
  if (entity === 'activities') {
    columns.push({ header: 'Contact', kind: 'text', cell: (item) => text((item.record['contact'] as { name?: string } | undefined)?.name) });
    columns.push({
      header: 'Staff participants',
      kind: 'text',
      cell: (item) => ((item.record['participants'] as { staff?: string[] } | undefined)?.staff ?? []).join('; ') || null,
    });
    columns.push({
      header: 'Contact participants',
      kind: 'text',
      // Named from the contact directory with the page (participantContacts); a removed contact by its id.
      cell: (item) => ((item.record['participantContacts'] as { id: string; name?: string }[] | undefined) ?? []).map((contact) => contact.name ?? contact.id).join('; ') || null,
    });
  }
  return [...columns, ...definitions.flatMap(customColumns)];
};
