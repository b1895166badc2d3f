import { describe, expect, it } from 'vitest';
import { campaignTemplateProblems, renderCampaignMail } from '#functions/campaigns/campaign-mail.template';
import { createCampaignBody, updateCampaignBody } from '#functions/campaigns/campaign.schema';

const template = {
  subject: '{{ customer.name }}: 春季新品 for {{ contact.name }}',
  html: '<p>{{ contact.salutation }} {{ contact.name }}</p><a href="{{ unsubscribeUrl }}">x</a>{{ contact.name | raw }}',
  text: 'Dear {{ contact.name }} of {{ customer.name }} ({{ campaign.name }})',
};
const values = {
  contact: { name: '王<b>芳</b>\r\nBcc: evil@example.com', salutation: '女士' },
  customer: { name: 'ACME & Co' },
  campaign: { name: 'Spring' },
  unsubscribeUrl: 'https://crm.example.com/u/abc',
};
const campaign = { name: 'Spring', type: 'email', budget: { amount: 1, currency: 'CNY' }, startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-02-01T00:00:00.000Z', ownerId: 'sales' };

describe('campaign mail template: strict variables, escaped HTML, header-safe subject', () => {
  it('renders a member mail: every HTML value escaped (raw too), the subject one line, the unsubscribe link in both bodies', () => {
    // Act
    const mail = renderCampaignMail(template, values);

    // Assess
    expect(mail.html).toContain('<p>女士 王&lt;b&gt;芳&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>芳');
    expect(mail.html).toContain('<a href="https://crm.example.com/u/abc">退订 Unsubscribe</a>');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('ACME & Co: 春季新品 for 王<b>芳</b>');
    expect(mail.text).toContain('Dear 王<b>芳</b>');
    expect(mail.text).toMatch(/退订 Unsubscribe: https:\/\/crm\.example\.com\/u\/abc$/);
  });

  it.each([
    [{ ...template, text: 'Hi {{ contact.nickname }}' }, 'body.email.text', 'contact.nickname'],
    [{ ...template, html: '{{ customer.taxNo }}' }, 'body.email.html', 'customer.taxNo'],
    [{ ...template, subject: '{{ password }}' }, 'body.email.subject', 'password'],
    [{ ...template, text: '{{ contact.name | shout }}' }, 'body.email.text', 'shout'],
    [{ ...template, subject: 'Hi\r\nBcc: x@example.com' }, 'body.email.subject', 'CR and LF'],
    [{ ...template, html: '{% if %}' }, 'body.email.html', 'valid template'],
  ])('refuses %#: 400 naming the part and what is wrong', (bad, path, named) => {
    // Act
    const problems = campaignTemplateProblems(bad);
    const onCreate = createCampaignBody.safeParse({ ...campaign, email: bad });

    // Assess
    expect(problems.map((problem) => problem.path)).toContain(path);
    expect(problems.map((problem) => problem.message).join(' ')).toContain(named);
    expect(onCreate.success).toBe(false);
    expect(onCreate.error?.issues.map((issue) => issue.path.join('.'))).toContain(path.replace(/^body\./, ''));
  });

  it('accepts a template of known variables, and only on an e-mail campaign', () => {
    // Act
    const ok = createCampaignBody.safeParse({ ...campaign, email: template });
    const onEvent = createCampaignBody.safeParse({ ...campaign, type: 'event', email: template });
    const removed = updateCampaignBody.safeParse({ email: null });

    // Assess
    expect(campaignTemplateProblems(template)).toEqual([]);
    expect(ok.success).toBe(true);
    expect(onEvent.success).toBe(false);
    expect(removed.success).toBe(true);
  });
});
