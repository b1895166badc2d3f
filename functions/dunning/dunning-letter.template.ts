import { escapeHtml, headerSafe } from '#shared/notifications/notification';

/**
 * The dunning letter's template (催款函): subject and body with `{{placeholder}}`s filled from the order and the
 * contact. Every value is made header-safe in the subject (no CR/LF or other control characters: nobody can add a
 * header through a customer or contact name) and HTML-escaped in the HTML body. No AWS import here.
 */
export const LETTER_TEMPLATE = {
  subject: '付款提醒 Payment reminder: order {{orderNo}}',
  body: [
    '{{contactName}} 您好 / Dear {{contactName}},',
    '',
    '贵司（{{customerName}}）订单 {{orderNo}} 尚有 {{balance}} 未付，付款期限为 {{dueDate}}。',
    'Order {{orderNo}} of {{customerName}} has {{balance}} outstanding, due on {{dueDate}}.',
    '',
    '{{message}}',
    '',
    '如已付款，请忽略本邮件。 If you have paid already, please disregard this letter.',
  ].join('\n'),
} as const;

export interface LetterValues {
  readonly contactName: string;
  readonly customerName: string;
  readonly orderNo: string;
  /** Minor units and currency: shown as `CNY 1,234.50`. */
  readonly balance: { amount: number; currency: string };
  readonly dueAt?: string | undefined;
  /** The sender's own words, optional. */
  readonly message?: string | undefined;
}

const moneyText = (money: { amount: number; currency: string }): string =>
  `${money.currency} ${(money.amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const fill = (template: string, values: Record<string, string>, escape: (value: string) => string): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => escape(values[name] ?? ''));

/** The letter as sent: a header-safe subject, the plain text, and the HTML (escaped, line breaks kept). */
export const renderLetter = (values: LetterValues): { subject: string; text: string; html: string } => {
  const fields = {
    contactName: values.contactName,
    customerName: values.customerName,
    orderNo: values.orderNo,
    balance: moneyText(values.balance),
    dueDate: values.dueAt ? values.dueAt.slice(0, 10) : '—',
    message: values.message ?? '',
  };
  const text = fill(LETTER_TEMPLATE.body, fields, (value) => value).replace(/\n{3,}/g, '\n\n');
  return {
    subject: fill(LETTER_TEMPLATE.subject, fields, (value) => headerSafe(value, 120)),
    text,
    html: `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`,
  };
};
