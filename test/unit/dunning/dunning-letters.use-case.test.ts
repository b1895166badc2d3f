import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { approveDunningLetter } from '#functions/dunning/approve-dunning-letter.use-case';
import { renderLetter } from '#functions/dunning/dunning-letter.template';
import type { LetterDependencies } from '#functions/dunning/dunning.dependencies';
import { requestDunningLetter } from '#functions/dunning/request-dunning-letter.use-case';
import { sendDunningLetter } from '#functions/dunning/send-dunning-letter.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { InMemoryDunningStore, InMemoryLetters } from '#test/fakes/in-memory-dunning.repository';

const NOW = new Date('2026-12-06T10:00:00.000Z');
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const am1 = { username: 'am1', scope: 'own' as const };
const manager = { username: 'sm1', scope: 'all' as const };

describe('dunning letters', () => {
  let store: InMemoryDunningStore;
  let letters: InMemoryLetters;
  let deps: LetterDependencies;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    store = new InMemoryDunningStore();
    letters = new InMemoryLetters();
    deps = { dunning: store.repository, letters: letters.repository, mailer: letters.mailer, clock: { now: () => new Date() }, ids: ulidGenerator(seededRandom(5)) };
    store.orders.set('O1', {
      id: 'O1', orderNo: 'SO-1', customerId: 'C1', customerName: 'ACME\r\nBcc: x@evil.example', status: 'placed', total: cny(100_00), paidAmount: cny(0), balance: cny(1234_50),
      orderedAt: '2026-10-01T00:00:00.000Z', dueAt: '2026-10-31T00:00:00.000Z', version: 1, createdAt: '2026-10-01T00:00:00.000Z',
    });
    store.owners.set('C1', 'am1');
    letters.contacts.set('C1', { name: '<b>王</b>', email: 'finance@example.com' });
  });
  afterEach(() => vi.useRealTimers());

  it('fills the template with a header-safe subject and an escaped HTML body', () => {
    const mail = renderLetter({ contactName: '<b>王</b>', customerName: 'A\r\nBcc: x@evil.example', orderNo: 'SO-1\nX', balance: cny(1234_50), dueAt: '2026-10-31T00:00:00.000Z' });
    expect(mail.subject).toBe('付款提醒 Payment reminder: order SO-1 X');
    expect(mail.text).toContain('CNY 1,234.50');
    expect(mail.text).toContain('2026-10-31');
    expect(mail.html).toContain('&lt;b&gt;王&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>王');
  });

  it('first letter: request → approve → send, once; a second send is refused and nothing is mailed twice', async () => {
    // Act
    const requested = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: { message: '请付款' }, expectedVersion: 1 });
    const early = sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: requested.id, expectedVersion: 1 });
    await expect(early).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    const approved = await approveDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: requested.id, expectedVersion: 1 });
    const sent = await sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: requested.id, expectedVersion: 2 });
    const again = sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: requested.id, expectedVersion: 4 });
    await expect(again).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    // Assess
    expect(requested).toMatchObject({ status: 'pending-approval', needsApproval: true, to: 'finance@example.com', version: 1 });
    expect(requested.subject).not.toMatch(/[\r\n]/);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'sm1', version: 2 });
    expect(sent).toMatchObject({ status: 'sent', messageId: 'm-1', sentAt: NOW.toISOString(), version: 4 });
    expect(letters.sent).toHaveLength(1);
  });

  it('a later letter needs no approval; an open letter blocks another; a stale If-Match is 412', async () => {
    const first = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 });
    await expect(requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(approveDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: first.id, expectedVersion: 7 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await approveDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: first.id, expectedVersion: 1 });
    await sendDunningLetter(deps, { caller: am1, orderId: 'O1', letterId: first.id, expectedVersion: 2 });
    const second = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 });
    expect(second).toMatchObject({ status: 'approved', needsApproval: false });
    await expect(requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 2 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
  });

  it('records a letter SES refuses as failed, and refuses a contact without an e-mail address (409), writing nothing', async () => {
    const letter = await requestDunningLetter(deps, { caller: manager, orderId: 'O1', input: {}, expectedVersion: 1 });
    await approveDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: letter.id, expectedVersion: 1 });
    letters.refuse = 'MessageRejected';
    const failed = await sendDunningLetter(deps, { caller: manager, orderId: 'O1', letterId: letter.id, expectedVersion: 2 });
    expect(failed).toMatchObject({ status: 'failed', error: 'MessageRejected' });
    letters.letters.clear();
    letters.contacts.set('C1', { name: '王' });
    await expect(requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.NoRecipientAddress });
    letters.contacts.delete('C1');
    await expect(requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.NoRecipientAddress });
    expect(letters.letters.size).toBe(0);
  });

  it("answers 404 for a letter of another owner's order", async () => {
    const letter = await requestDunningLetter(deps, { caller: am1, orderId: 'O1', input: {}, expectedVersion: 1 });
    await expect(sendDunningLetter(deps, { caller: { username: 'am2', scope: 'own' }, orderId: 'O1', letterId: letter.id, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.DunningLetterNotFound });
  });
});
