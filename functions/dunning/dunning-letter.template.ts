import { Liquid } from 'liquidjs';
import { escapeHtml, headerSafe } from '#shared/notifications/notification';

/**
 * The dunning letter's template (催款函): a subject, a plain-text body and an HTML body in Liquid
 * (https://liquidjs.com), filled from the order and the contact. Administrators may replace the built-in one
 * (`PUT /v1/dunning/letter-template`); every template is checked here before it is stored:
 * - placeholders: only LETTER_PLACEHOLDERS — an unknown one is refused, naming it (strict variables and filters);
 * - the subject: no CR/LF in the template, and every value made header-safe (no control characters), so nobody can
 *   add a mail header through a template, a customer or a contact name;
 * - the HTML body: every value HTML-escaped (`outputEscape`; the `raw` filter escapes too), no includes or layouts
 *   (no template files: an empty in-memory set).
 * No AWS import here.
 */
export const LETTER_PLACEHOLDERS = ['contactName', 'customerName', 'orderNo', 'balance', 'dueDate', 'message'] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];

export interface LetterTemplateParts {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const DEFAULT_LETTER_TEMPLATE: LetterTemplateParts = {
  subject: '付款提醒 Payment reminder: order {{ orderNo }}',
  text: [
    '{{ contactName }} 您好 / Dear {{ contactName }},',
    '',
    '贵司（{{ customerName }}）订单 {{ orderNo }} 尚有 {{ balance }} 未付，付款期限为 {{ dueDate }}。',
    'Order {{ orderNo }} of {{ customerName }} has {{ balance }} outstanding, due on {{ dueDate }}.',
    '{% if message != blank %}',
    '{{ message }}',
    '{% endif %}',
    '如已付款，请忽略本邮件。 If you have paid already, please disregard this letter.',
  ].join('\n'),
  html: [
    '<p>{{ contactName }} 您好 / Dear {{ contactName }},</p>',
    '<p>贵司（{{ customerName }}）订单 <b>{{ orderNo }}</b> 尚有 <b>{{ balance }}</b> 未付，付款期限为 {{ dueDate }}。<br>',
    'Order <b>{{ orderNo }}</b> of {{ customerName }} has <b>{{ balance }}</b> outstanding, due on {{ dueDate }}.</p>',
    '{% if message != blank %}<p>{{ message }}</p>{% endif %}',
    '<p>如已付款，请忽略本邮件。 If you have paid already, please disregard this letter.</p>',
  ].join('\n'),
};

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

const MAX_SUBJECT = 200;

// Limits: a template of a few KB renders in well under a millisecond; a loop over a huge range is stopped.
const engineOptions = {
  strictVariables: true, strictFilters: true, ownPropertyOnly: true, templates: {}, cache: false, parseLimit: 50_000, renderLimit: 200, memoryLimit: 1_000_000,
} as const;
/** Plain text and the subject: values as they are (the subject's made header-safe first). */
const plainEngine = new Liquid(engineOptions);
/** HTML: every output escaped; `raw` (which would bypass the escaping) is replaced by one that does not. */
const htmlEngine = new Liquid({ ...engineOptions, outputEscape: 'escape' });
htmlEngine.registerFilter('raw', (value: unknown) => value);

const moneyText = (money: { amount: number; currency: string }): string =>
  `${money.currency} ${(money.amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const fieldsOf = (values: LetterValues): Record<LetterPlaceholder, string> => ({
  contactName: values.contactName,
  customerName: values.customerName,
  orderNo: values.orderNo,
  balance: moneyText(values.balance),
  dueDate: values.dueAt ? values.dueAt.slice(0, 10) : '—',
  message: values.message ?? '',
});

/** Sample values a template is tried with before it is stored (a template that cannot render is refused). */
const SAMPLE: LetterValues = {
  contactName: '王<>&"', customerName: 'ACME 北京', orderNo: 'SO-1', balance: { amount: 123_450, currency: 'CNY' }, dueAt: '2026-10-31T00:00:00.000Z', message: 'x',
};

export interface TemplateProblem {
  readonly path: string;
  readonly message: string;
}

const PARTS = ['subject', 'text', 'html'] as const;

/**
 * What is wrong with a template, part by part (`body.subject`, `body.text`, `body.html`): Liquid syntax, a
 * placeholder not in LETTER_PLACEHOLDERS (named), an unknown filter, CR/LF in the subject, or a render that fails.
 * Empty: the template may be stored.
 */
export const templateProblems = (template: LetterTemplateParts): TemplateProblem[] => {
  const problems: TemplateProblem[] = [];
  if (/[\r\n\u2028\u2029]/.test(template.subject)) {
    problems.push({ path: 'body.subject', message: 'A subject is one line: CR and LF are not allowed (a mail header).' });
  }
  for (const part of PARTS) {
    const engine = part === 'html' ? htmlEngine : plainEngine;
    const path = `body.${part}`;
    let unknown: string[];
    try {
      const parsed = engine.parse(template[part]);
      unknown = engine.globalVariablesSync(parsed).filter((name) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(name));
    } catch (error) {
      problems.push({ path, message: `Not a valid template: ${(error as Error).message.slice(0, 300)}` });
      continue;
    }
    if (unknown.length > 0) {
      problems.push({ path, message: `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{{ ${name} }}`).join(', ')}; use ${LETTER_PLACEHOLDERS.map((name) => `{{ ${name} }}`).join(', ')}.` });
      continue;
    }
    try {
      engine.parseAndRenderSync(template[part], fieldsOf(SAMPLE));
    } catch (error) {
      problems.push({ path, message: `Cannot be rendered: ${(error as Error).message.slice(0, 300)}` });
    }
  }
  return problems;
};

/** The letter as sent: a header-safe subject, the plain text, and the HTML (every value escaped). */
export const renderLetter = (values: LetterValues, template: LetterTemplateParts = DEFAULT_LETTER_TEMPLATE): LetterTemplateParts => {
  const fields = fieldsOf(values);
  const subjectFields = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, headerSafe(value, MAX_SUBJECT)]));
  return {
    subject: headerSafe(plainEngine.parseAndRenderSync(template.subject, subjectFields), MAX_SUBJECT),
    text: plainEngine.parseAndRenderSync(template.text, fields).replace(/\n{3,}/g, '\n\n').trim(),
    html: htmlEngine.parseAndRenderSync(template.html, fields).trim(),
  };
};

/** The HTML of a letter stored before templates had an HTML body: its text, escaped, line breaks kept. */
export const htmlOfText = (text: string): string => `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`;
