import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Caller } from '#shared/auth/caller';
import { createAttachment } from '#functions/attachments/create-attachment.use-case';
import { deleteAttachment } from '#functions/attachments/delete-attachment.use-case';
import { getAttachment } from '#functions/attachments/get-attachment.use-case';
import { listAttachments } from '#functions/attachments/list-attachments.use-case';
import { settleAttachmentUpload } from '#functions/attachments/settle-attachment-upload.use-case';
import type { AttachmentDependencies } from '#functions/attachments/attachments.dependencies';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { InMemoryAttachmentRepository, InMemoryParentReader } from '#test/fakes/in-memory-attachments';
import { InMemoryFileStore } from '#test/fakes/in-memory-file-store';

const CUSTOMER = '01JNW8Y3C5K7Q2V9R4T6M8P0XC';
const OTHERS = '01JNW8Y3C5K7Q2V9R4T6M8P0XD';
const OPPORTUNITY = '01JNW8Y3C5K7Q2V9R4T6M8P0XE';
const SERVICE = '01JNW8Y3C5K7Q2V9R4T6M8P0XF';
const ORDER = '01JNW8Y3C5K7Q2V9R4T6M8P0XG';
const am1: Caller = { username: 'am1', scope: 'own' };
const admin: Caller = { username: 'admin', scope: 'all' };
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const pdfBody = { fileName: 'contract.pdf', contentType: 'application/pdf' as const, size: PDF.byteLength };

describe('attachments (use cases with in-memory fakes)', () => {
  let deps: AttachmentDependencies & { attachments: InMemoryAttachmentRepository; parents: InMemoryParentReader; files: InMemoryFileStore };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T02:00:00.000Z'));
    const parents = new InMemoryParentReader();
    parents.addCustomer(CUSTOMER, 'am1');
    parents.addCustomer(OTHERS, 'am2');
    parents.add({ type: 'opportunity', id: OPPORTUNITY, assigneeId: 'am1', archived: false });
    parents.add({ type: 'service', id: SERVICE, customerId: OTHERS, assigneeId: 'am1', archived: false });
    parents.add({ type: 'order', id: ORDER, customerId: OTHERS, archived: false });
    deps = { attachments: new InMemoryAttachmentRepository(), parents, files: new InMemoryFileStore(), clock: { now: () => new Date() }, ids: ulidGenerator(seededRandom(3)) };
  });
  afterEach(() => vi.useRealTimers());

  const attach = (caller = am1, parentType: 'customer' | 'opportunity' | 'order' | 'service' = 'customer', parentId = CUSTOMER, input = pdfBody) =>
    createAttachment(deps, { caller, parentType, parentId, input });

  it('records a pending attachment with its audit entry and answers a presigned PUT that signs type and size', async () => {
    // Act
    const outcome = await attach();
    // Assess
    expect(outcome.attachment).toMatchObject({ status: 'pending', parentType: 'customer', parentId: CUSTOMER, customerId: CUSTOMER, fileName: 'contract.pdf', version: 1 });
    expect(outcome.attachment).not.toHaveProperty('fileKey');
    expect(outcome.upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': String(PDF.byteLength) });
    expect(outcome.upload.url).toBe(`memory://attachments/${outcome.attachment.id}`);
    expect(deps.attachments.audit).toEqual([expect.objectContaining({ action: 'create', entityType: 'attachment', customerId: CUSTOMER, actor: 'am1' })]);
  });

  it('makes hostile names safe: path, CR/LF, the RTL override and zero-width characters are gone', async () => {
    // Act
    const traversal = await attach(am1, 'customer', CUSTOMER, { ...pdfBody, fileName: '../../etc/passwd\\..\\合同.pdf' });
    const injected = await attach(am1, 'customer', CUSTOMER, { ...pdfBody, fileName: 'a"\r\nSet-Cookie: x=1;.pdf' });
    const spoofed = await attach(am1, 'customer', CUSTOMER, { ...pdfBody, contentType: 'application/pdf', fileName: 'invoice\u202Egnp.pdf' });
    // Assess
    expect(traversal.attachment.fileName).toBe('合同.pdf');
    expect(injected.attachment.fileName).toBe('a_Set-Cookie_ x=1;.pdf');
    expect(spoofed.attachment.fileName).toBe('invoicegnp.pdf');
  });

  it('refuses an extension of another type (an .exe declared as a PDF) naming body.fileName, nothing written', async () => {
    // Act
    const refused = attach(am1, 'customer', CUSTOMER, { ...pdfBody, fileName: 'setup.exe' });
    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'ValidationFailed', details: { errors: [{ path: 'body.fileName' }] } });
    expect(deps.attachments.items.size).toBe(0);
  });

  it("follows each record's visibility rule: another owner's customer and order → the record's 404; an assigned service of another's customer is visible", async () => {
    // Act + Assess
    await expect(attach(am1, 'customer', OTHERS)).rejects.toMatchObject({ code: 'CustomerNotFound' });
    await expect(attach(am1, 'order', ORDER)).rejects.toMatchObject({ code: 'OrderNotFound' });
    await expect(attach(am1, 'opportunity', OPPORTUNITY)).resolves.toMatchObject({ kind: 'created' });
    await expect(attach(am1, 'service', SERVICE)).resolves.toMatchObject({ attachment: { customerId: OTHERS } });
    await expect(attach(admin, 'order', ORDER)).resolves.toMatchObject({ kind: 'created' });
    deps.parents.addCustomer(CUSTOMER, 'am1', '2026-12-01T00:00:00.000Z');
    await expect(attach(admin, 'customer', CUSTOMER)).rejects.toMatchObject({ code: 'CustomerNotFound' });
  });

  it('replays the same idempotent create: one attachment, a fresh link', async () => {
    // Prepare
    const idempotency = { username: 'am1', operationId: 'createCustomerAttachment', key: 'key-0001', fingerprint: 'f1' };
    // Act
    const first = await createAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, input: pdfBody, idempotency });
    const again = await createAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, input: pdfBody, idempotency });
    // Assess
    expect(again).toMatchObject({ kind: 'replayed', attachment: { id: first.attachment.id } });
    expect(deps.attachments.items.size).toBe(1);
  });

  it('checks the upload: the declared PDF becomes available and downloadable under its name with its type', async () => {
    // Prepare
    const { attachment } = await attach();
    await deps.files.put(`attachments/${attachment.id}`, PDF, 'application/pdf');
    // Act
    const outcome = await settleAttachmentUpload(deps, `attachments/${attachment.id}`);
    const read = await getAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id });
    // Assess
    expect(outcome).toBe('available');
    expect(read).toMatchObject({ status: 'available', version: 2 });
    expect(read.download?.url).toBe(`memory://attachments/${attachment.id}?name=contract.pdf&type=application%2Fpdf`);
    expect(deps.attachments.audit.at(-1)).toMatchObject({ action: 'transition', actor: 'system:attachment-check', changes: [{ field: 'status', old: 'pending', new: 'available' }] });
  });

  it.each([
    ['an .exe renamed .pdf (MZ header)', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), 8, /not application\/pdf/],
    ['a file of another size than declared', PDF, PDF.byteLength + 1, /not the \d+ declared/],
  ])('rejects %s and deletes the object; a repeated event changes nothing', async (_label, bytes, declared, reason) => {
    // Prepare
    const { attachment } = await attach(am1, 'customer', CUSTOMER, { ...pdfBody, size: declared });
    await deps.files.put(`attachments/${attachment.id}`, bytes, 'application/pdf');
    // Act
    const outcome = await settleAttachmentUpload(deps, `attachments/${attachment.id}`);
    const repeated = await settleAttachmentUpload(deps, `attachments/${attachment.id}`);
    // Assess
    expect([outcome, repeated]).toEqual(['rejected', 'ignored']);
    expect(deps.attachments.items.get(attachment.id)).toMatchObject({ status: 'rejected', rejection: expect.stringMatching(reason), version: 2 });
    expect(deps.files.files.has(`attachments/${attachment.id}`)).toBe(false);
    const read = await getAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id });
    expect(read.download).toBeUndefined();
  });

  it('ignores keys that are not attachments and unknown attachments', async () => {
    // Act + Assess
    await expect(settleAttachmentUpload(deps, 'imports/01JNW8Y3C5K7Q2V9R4T6M8P0XC')).resolves.toBe('ignored');
    await expect(settleAttachmentUpload(deps, 'attachments/01JNW8Y3C5K7Q2V9R4T6M8P0XZ')).resolves.toBe('ignored');
  });

  it('soft-deletes with If-Match: stale → 412, then gone from the list and the read (404), audited', async () => {
    // Prepare
    const { attachment } = await attach();
    // Act
    const stale = deleteAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id, expectedVersion: 2 });
    await expect(stale).rejects.toMatchObject({ code: 'VersionConflict' });
    await deleteAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id, expectedVersion: 1 });
    // Assess
    const list = await listAttachments(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, page: { limit: 25 } });
    expect(list.items).toEqual([]);
    await expect(getAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id })).rejects.toMatchObject({ code: 'AttachmentNotFound' });
    expect(deps.attachments.audit.at(-1)).toMatchObject({ action: 'delete', entityId: attachment.id });
  });

  it("answers 404 for an attachment named under another record", async () => {
    // Prepare
    const { attachment } = await attach(admin, 'customer', OTHERS);
    // Act
    const read = getAttachment(deps, { caller: am1, parentType: 'customer', parentId: CUSTOMER, attachmentId: attachment.id });
    // Assess
    await expect(read).rejects.toMatchObject({ code: 'AttachmentNotFound' });
  });
});
