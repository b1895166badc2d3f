import type { CustomFieldDefinition, CustomValue } from '#shared/custom-fields/custom-field';

/**
 * Custom-field cells (issue 17; the columns are `customColumns` in import-columns.ts). A cell becomes the value the API would take (custom-values.ts then validates it against the same
 * definitions, so an import accepts exactly what a create accepts); this only reads spreadsheet forms: `1,200.5`,
 * `是`/`yes`, an option's label, `2026/5/31`, money as `12.50` (CNY) or `USD 12.50`.
 */
const TRUE = new Set(['true', 'yes', 'y', '1', '是', '有', '√']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '无', '×']);
const SLASH_DATE = /^(\d{4})[/.年-](\d{1,2})[/.月-](\d{1,2})日?$/;
const MONEY = /^(?:([A-Za-z]{3})\s*)?[¥￥$]?\s*(\d[\d,]*)(?:\.(\d{1,2}))?$/;

/** An amount as a spreadsheet shows it (`1,200.50`, `¥12`, `USD 12.5`) → integer minor units and a currency (CNY by default). */
export const moneyCell = (cell: string): { value: { amount: number; currency: string } } | { problem: string } => {
  const match = MONEY.exec(cell.replaceAll(' ', ''));
  if (!match) return { problem: `"${cell.slice(0, 40)}" is not an amount such as 12.50 or USD 12.50.` };
  const amount = Number(match[2]!.replaceAll(',', '')) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return Number.isSafeInteger(amount) ? { value: { amount, currency: (match[1] ?? 'CNY').toUpperCase() } } : { problem: 'The amount is too large.' };
};

/** yes/no in the forms people type it: 是/否, yes/no, true/false, 1/0, √/×. */
export const booleanCell = (cell: string): { value: boolean } | { problem: string } => {
  const wanted = cell.normalize('NFKC').toLowerCase();
  if (TRUE.has(wanted)) return { value: true };
  if (FALSE.has(wanted)) return { value: false };
  return { problem: `"${cell.slice(0, 40)}" is not yes or no.` };
};

const optionCode = (definition: CustomFieldDefinition, value: string): string => {
  const wanted = value.normalize('NFKC').trim().toLowerCase();
  const option = definition.options?.find((candidate) => candidate.code === value) ?? definition.options?.find((candidate) => candidate.label.normalize('NFKC').toLowerCase() === wanted);
  // An unknown value is passed on: the validator names it.
  return option?.code ?? value;
};

/** The cell as the field's API value, or a problem when the cell cannot be read as that type at all. */
export const customCellValue = (definition: CustomFieldDefinition, cell: string): { value: CustomValue } | { problem: string } => {
  switch (definition.type) {
    case 'text':
    case 'longText':
      return { value: cell };
    case 'number': {
      const number = Number(cell.replaceAll(',', ''));
      return Number.isFinite(number) ? { value: number } : { problem: `"${cell.slice(0, 40)}" is not a number.` };
    }
    case 'money':
      return moneyCell(cell);
    case 'date': {
      const match = SLASH_DATE.exec(cell);
      return { value: match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : cell };
    }
    case 'boolean':
      return booleanCell(cell);
    case 'singleSelect':
      return { value: optionCode(definition, cell) };
    case 'multiSelect':
      return { value: [...new Set(cell.split(/[;,，；、|]/).map((item) => item.trim()).filter((item) => item !== ''))].map((item) => optionCode(definition, item)) };
  }
};
