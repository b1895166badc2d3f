import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { approveDunningLetter } from '#functions/dunning/approve-dunning-letter.use-case';
import { DEFAULT_LETTER_TEMPLATE, templateProblems } from '#functions/dunning/dunning-letter.template';
import type { LetterDependencies } from '#functions/dunning/dunning.dependencies';
import { getLetterTemplate, replaceLetterTemplate } from '#functions/dunning/letter-template.use-case';
import { requestDunningLetter } from '#functions/dunning/request-dunning-letter.use-case';
import { sendDunningLetter } from '#functions/dunning/send-dunning-letter.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { InMemoryDunningStore, InMemoryLetters } from '#test/fakes/in-memory-dunning.repository';

const NOW = new Date('2026-12-07T05:00:00.000Z');
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const admin = { username: 'admin', scope: 'all' as const };
const am1 = { username: 'am1', scope: 'own' as const };
const manager = { username: 'sm1', scope: 'all' as const };
const ours = {
  subject: '{{ customerName }}: 订单 {{ orderNo }} 欠款 {{ balance }}',
  text: '{{ contactName }}：请于 {{ dueDate }} 前付款。{% if message != blank %}\n{{ message }}{% endif %}',
  html: '<p>{{ contactName | raw }}：请付款 {{ balance }}</p><p>{{ message }}</p>',
};

describe('the dunning letter template', () => {
  let store: InMemoryDunningStore;
  let letters: InMemoryLetters;
  let deps: LetterDependencies;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    store = new InMemoryDunningStore();
    letters = new InMemoryLetters();
    deps = { dunning: store.repository, letters: letters.repository, mailer: letters.mailer, clock: { now: () => new Date() }, ids: ulidGenerator(seededRandom(9)) };
    store.orders.set('O1', {
      id: 'O1', orderNo: 'SO-1', customerId: 'C1', customerName: 'ACME\r\nBcc: x@evil.example', status: 'placed', total: cny(100_00), paidAmount: cny(0), balance: cny(1234_50),
      orderedAt: '2026-10-01T00:00:00.000Z', dueAt: '2026-10-31T00:00:00.000Z', version: 1, createdAt: '2026-10-01T00:00:00.000Z',
    });
    store.owners.set('C1', 'am1');
    letters.contacts.set('C1', { name: '<b>王</b>', email: 'finance@example.com' });
  });
  afterEach(() => vi.useRealTimers());

  it('is the built-in one at version 0 until an administrator replaces it (If-Match), audited with the parts changed', async () => {
    // Act
    const before = await getLetterTemplate(deps);
    const replaced = await replaceLetterTemplate(deps, { caller: admin, input: ours, expectedVersion: 0 });
    const stale = replaceLetterTemplate(deps, { caller: admin, input: DEFAULT_LETTER_TEMPLATE, expectedVersion: 0 });
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    const after = await getLetterTemplate(deps);

    // Assess
    expect(before).toMatchObject({ ...DEFAULT_LETTER_TEMPLATE, builtIn: true, version: 0 });
    expect(before.placeholders).toEqual(['{{ contactName }}', '{{ customerName }}', '{{ orderNo }}', '{{ balance }}', '{{ dueDate }}', '{{ message }}']);
    expect(replaced).toMatchObject({ ...ours, builtIn: false, version: 1, updatedBy: 'admin', updatedAt: NOW.toISOString() });
    expect(after).toEqual(replaced);
    expect(letters.templateAudit).toHaveLength(1);
    expect(letters.templateAudit[0]).toMatchObject({ action: 'create', entityType: 'dunning-letter-template', entityId: 'current', entityVersion: 1, actor: 'admin' });
    expect(letters.templateAudit[0]!.changes.map((change) => change.field).sort()).toEqual(['html', 'subject', 'text']);
  });

  it('refuses an unknown placeholder (named), invalid Liquid, an unknown filter, an include and CR/LF in the subject; nothing is stored', async () => {
    // Act
    const cases = [
      { input: { ...ours, text: 'Dear {{ contactName }}, {{ iban }}' }, path: 'body.text', words: '{{ iban }}' },
      { input: { ...ours, html: '<p>{{ customer.name }}</p>' }, path: 'body.html', words: '{{ customer }}' },
      { input: { ...ours, subject: 'Order {{ orderNo }}\r\nBcc: x@evil.example' }, path: 'body.subject', words: 'CR and LF' },
      { input: { ...ours, text: '{% if orderNo %}open' }, path: 'body.text', words: 'Not a valid template' },
      { input: { ...ours, text: '{{ orderNo | shout }}' }, path: 'body.text', words: 'shout' },
      { input: { ...ours, html: '{% include "secrets" %}' }, path: 'body.html', words: 'secrets' },
      { input: { ...ours, text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }, path: 'body.text', words: 'Cannot be rendered' },
    ];
    const refusals = await Promise.all(cases.map((one) => replaceLetterTemplate(deps, { caller: admin, input: one.input, expectedVersion: 0 }).catch((error: unknown) => error)));

    // Assess
    refusals.forEach((refusal, index) => {
      expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed });
      const errors = (refusal as { details: { errors: { path: string; message: string }[] } }).details.errors;
      expect(errors.map((error) => error.path)).toContain(cases[index]!.path);
      expect(errors.map((error) => error.message).join(' ')).toContain(cases[index]!.words);
    });
    expect(letters.template).toBeUndefined();
    expect(letters.templateAudit).toEqual([]);
    expect(templateProblems(DEFAULT_LETTER_TEMPLATE)).toEqual([]);
  });

  it('a letter is rendered with the template current at its request and stored; the approval shows it and exactly that is sent', async () => {
    // Prepare: an administrator's template; a letter requested with it; then the template changes again.
    await replaceLetterTemplate(deps, { caller: admin, input: ours, expectedVersion: 0 });

    // Act
    const requested = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: { message: '<script>x</script>' }, expectedVersion: 1 });
    await replaceLetterTemplate(deps, { caller: admin, input: DEFAULT_LETTER_TEMPLATE, expectedVersion: 1 });
    const approved = await approveDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: requested.id, expectedVersion: 1 });
    await sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: requested.id, expectedVersion: 2 });

    // Assess
    expect(requested).toMatchObject({
      templateVersion: 1,
      subject: 'ACME Bcc: x@evil.example: 订单 SO-1 欠款 CNY 1,234.50',
      text: '<b>王</b>：请于 2026-10-31 前付款。\n<script>x</script>',
      html: '<p>&lt;b&gt;王&lt;/b&gt;：请付款 CNY 1,234.50</p><p>&lt;script&gt;x&lt;/script&gt;</p>',
    });
    expect(approved).toMatchObject({ subject: requested.subject, text: requested.text, html: requested.html });
    expect(letters.sent).toEqual([{ to: 'finance@example.com', subject: requested.subject, text: requested.text, html: requested.html }]);
  });

  it('without an administrator template the built-in one is used (version 0); a letter stored without HTML is sent as its escaped text', async () => {
    // Act
    const requested = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 });
    const old = { ...requested, id: '01KOLDLETTER000000000000000', status: 'approved' as const, version: 2, html: undefined, text: 'a <b>\nb' };
    letters.letters.set(old.id, old);
    await sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: old.id, expectedVersion: 2 });

    // Assess
    expect(requested).toMatchObject({ templateVersion: 0, subject: '付款提醒 Payment reminder: order SO-1' });
    expect(requested.text).toContain('CNY 1,234.50');
    expect(requested.text).not.toMatch(/\n{3,}/);
    expect(letters.sent.at(-1)!.html).toBe('<p>a &lt;b&gt;<br>b</p>');
  });
});
