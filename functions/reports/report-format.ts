import type { Money } from '#shared/core/schema-primitives';

/** A report in both shapes: the JSON body, and the table that the CSV download holds (header row first). */
export interface RenderedReport {
  readonly body: Record<string, unknown>;
  readonly table: { readonly filename: string; readonly header: readonly string[]; readonly rows: readonly (readonly unknown[])[] };
}

/** The one accounting currency of orders and receivables (docs/data-model.md, "One currency"). */
const ACCOUNTING_CURRENCY = 'CNY';
export const money = (amount: number, currency = ACCOUNTING_CURRENCY): Money => ({ amount, currency });

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0 };

/** Minor units → an exact decimal string (`123456` CNY → `1234.56`), without floating point. */
export const decimalOf = (money: Money): string => {
  const digits = MINOR_DIGITS[money.currency] ?? 2;
  const negative = money.amount < 0;
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const whole = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}`;
};

export const numberOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** An average rounded to two decimals, or null when there is nothing to average. */
export const averageOf = (sum: number, count: number): number | null => (count === 0 ? null : Math.round((sum / count) * 100) / 100);

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);
export const utcMonth = (date: Date): string => date.toISOString().slice(0, 7);

/** `2026-10` plus `n` months (n may be negative). */
export const addMonths = (month: string, n: number): string => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

export const monthsOf = (from: string, to: string): string[] => {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
};
