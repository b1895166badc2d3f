import { Liquid } from 'liquidjs';
import { escapeHtml, headerSafe } from '#shared/notifications/notification';

/**
 * An e-mail campaign's template (issue 19, part 3): a subject, an HTML body and a plain-text body in Liquid
 * (https://liquidjs.com, as the dunning letter), filled per member from the contact, its customer and the campaign.
 * Every template is checked here before it is stored (create / PATCH: 400 naming the part and the variable):
 * - variables: only CAMPAIGN_MAIL_VARIABLES (`{{ contact.name }}`, `{{ customer.name }}`, `{{ unsubscribeUrl }}` …) —
 *   an unknown one is refused, naming it (strict variables and filters);
 * - the subject: no CR/LF in the template, and every value made header-safe, so no contact or customer name can add a
 *   mail header;
 * - the HTML body: every value HTML-escaped (`outputEscape`; the `raw` filter escapes too), no includes or layouts.
 * Every rendered mail ends with an unsubscribe line (text) and link (HTML) whatever the template says.
 * Click tracking (part 4): the HTML template's literal `href="http(s)://…"` links (`trackedLinksOf`) are rewritten, per
 * member, to the public click route `…/c/<token>` naming the link's INDEX (never its URL); the click route looks the
 * URL up in the stored template again. Links holding Liquid (`{{ unsubscribeUrl }}`) and the text part are not tracked.
 * No AWS import here.
 */
export const CAMPAIGN_MAIL_VARIABLES = [
  'contact.name', 'contact.salutation', 'contact.position', 'contact.department', 'contact.email',
  'customer.name', 'campaign.name', 'unsubscribeUrl',
] as const;

export interface CampaignMailTemplate {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** What one member's mail is filled from (the contact read at send time, the member's customer, the campaign). */
export interface CampaignMailValues {
  readonly contact: { name: string; salutation?: string | undefined; position?: string | undefined; department?: string | undefined; email?: string | undefined };
  readonly customer: { name: string };
  readonly campaign: { name: string };
  readonly unsubscribeUrl: string;
}

const MAX_SUBJECT = 200;

const engineOptions = {
  strictVariables: true, strictFilters: true, ownPropertyOnly: true, templates: {}, cache: false, parseLimit: 200_000, renderLimit: 200, memoryLimit: 1_000_000,
} as const;
const plainEngine = new Liquid(engineOptions);
const htmlEngine = new Liquid({ ...engineOptions, outputEscape: 'escape' });
htmlEngine.registerFilter('raw', (value: unknown) => value);

/** Every variable present (optional contact fields as '' when unknown), so strict variables never fail a render. */
const scopeOf = (values: CampaignMailValues) => ({
  contact: {
    name: values.contact.name,
    salutation: values.contact.salutation ?? '',
    position: values.contact.position ?? '',
    department: values.contact.department ?? '',
    email: values.contact.email ?? '',
  },
  customer: { name: values.customer.name },
  campaign: { name: values.campaign.name },
  unsubscribeUrl: values.unsubscribeUrl,
});

const SAMPLE: CampaignMailValues = {
  contact: { name: '王<>&"', salutation: '女士', position: 'x', department: 'y', email: 'a@example.com' },
  customer: { name: 'ACME 北京' },
  campaign: { name: 'Spring' },
  unsubscribeUrl: 'https://example.com/u/x',
};

export interface TemplateProblem {
  readonly path: string;
  readonly message: string;
}

const PARTS = ['subject', 'html', 'text'] as const;
const known = CAMPAIGN_MAIL_VARIABLES as readonly string[];

/**
 * What is wrong with a template, part by part (`<prefix>.subject`, `.html`, `.text`): Liquid syntax, a variable not in
 * CAMPAIGN_MAIL_VARIABLES (named), an unknown filter, CR/LF in the subject, or a render that fails. Empty: it may be stored.
 */
export const campaignTemplateProblems = (template: CampaignMailTemplate, prefix = 'body.email'): TemplateProblem[] => {
  const problems: TemplateProblem[] = [];
  if (/[\r\n\u2028\u2029]/.test(template.subject)) {
    problems.push({ path: `${prefix}.subject`, message: 'A subject is one line: CR and LF are not allowed (a mail header).' });
  }
  for (const part of PARTS) {
    const engine = part === 'html' ? htmlEngine : plainEngine;
    const path = `${prefix}.${part}`;
    let unknown: string[];
    try {
      const segments = engine.globalVariableSegmentsSync(engine.parse(template[part]));
      unknown = [...new Set(segments.map((segment) => segment.map(String).join('.')))].filter((name) => !known.includes(name));
    } catch (error) {
      problems.push({ path, message: `Not a valid template: ${(error as Error).message.slice(0, 300)}` });
      continue;
    }
    if (unknown.length > 0) {
      problems.push({ path, message: `Unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{{ ${name} }}`).join(', ')}; use ${known.map((name) => `{{ ${name} }}`).join(', ')}.` });
      continue;
    }
    try {
      engine.parseAndRenderSync(template[part], scopeOf(SAMPLE));
    } catch (error) {
      problems.push({ path, message: `Cannot be rendered: ${(error as Error).message.slice(0, 300)}` });
    }
  }
  return problems;
};

export interface RenderedCampaignMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** A literal absolute link of the HTML template: `href="https://…"` (either quote), no Liquid, no space or angle bracket. */
const TRACKED_HREF = /(\bhref\s*=\s*)(["'])(https?:\/\/[^"'\s<>{}]+)\2/gi;
/** At most this many links are tracked (the click token's index has three digits); later ones are left as written. */
export const MAX_TRACKED_LINKS = 1000;

/** `&amp;` and the other entities a literal URL may carry in HTML, as the browser would read them. */
const unescapeUrl = (url: string): string =>
  url.replace(/&(amp|quot|#39|lt|gt);/g, (_, entity: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[entity] ?? '');

/**
 * The tracked links of an HTML template, in order: the index of each is what a click token names. Only http(s) URLs
 * that parse; the list is a pure function of the stored template, which cannot change after the launch.
 */
export const trackedLinksOf = (html: string): string[] => {
  const links: string[] = [];
  for (const match of html.matchAll(TRACKED_HREF)) {
    if (links.length >= MAX_TRACKED_LINKS) break;
    links.push(unescapeUrl(match[3]!));
  }
  return links;
};

/** The HTML template with its i-th tracked link replaced by `clickUrl(i)` (the same matches as trackedLinksOf). */
const withTrackedLinks = (html: string, clickUrl: (link: number) => string): string => {
  let index = 0;
  return html.replace(TRACKED_HREF, (whole, prefix: string, quote: string) => {
    if (index >= MAX_TRACKED_LINKS) return whole;
    return `${prefix}${quote}${clickUrl(index++)}${quote}`;
  });
};

/**
 * One member's mail: a header-safe subject, the HTML (every value escaped) and the text, each with the unsubscribe
 * link. With `clickUrl` (a launch's send; not a test send), the HTML's tracked links point at the click route.
 */
export const renderCampaignMail = (template: CampaignMailTemplate, values: CampaignMailValues, clickUrl?: (link: number) => string): RenderedCampaignMail => {
  const scope = scopeOf(values);
  const subjectScope = {
    contact: Object.fromEntries(Object.entries(scope.contact).map(([name, value]) => [name, headerSafe(value, MAX_SUBJECT)])),
    customer: { name: headerSafe(scope.customer.name, MAX_SUBJECT) },
    campaign: { name: headerSafe(scope.campaign.name, MAX_SUBJECT) },
    unsubscribeUrl: scope.unsubscribeUrl,
  };
  const url = values.unsubscribeUrl;
  return {
    subject: headerSafe(plainEngine.parseAndRenderSync(template.subject, subjectScope), MAX_SUBJECT),
    html: `${htmlEngine.parseAndRenderSync(clickUrl ? withTrackedLinks(template.html, clickUrl) : template.html, scope).trim()}\n<p style="font-size:12px;color:#888">不想再收到此类邮件？<a href="${escapeHtml(url)}">退订 Unsubscribe</a></p>`,
    text: `${plainEngine.parseAndRenderSync(template.text, scope).trim()}\n\n--\n退订 Unsubscribe: ${url}`,
  };
};
