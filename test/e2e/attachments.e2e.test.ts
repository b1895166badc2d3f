import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { PDF_BYTES, presignAttachment, uploadTo, waitForAttachment, type AttachmentAnswer } from '#test/support/attachments';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeService } from './scenarios/services.scenarios';

type Client = ReturnType<typeof api>;

/** An .exe's first bytes (the DOS header): what a renamed executable really starts with. */
const EXE_BYTES = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);

describe('attachments end to end (real tokens, a real upload to s3rver, the check after the upload)', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('uploads a contract as its account manager, checks it, downloads it under its safe name, lists it in the 360 view, deletes it', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const hostile = '..\\..\\合同\u202Efdp.exe\r\nX-Injected: 1 "final".pdf';
    // Act: presign, upload with exactly the signed headers
    const created = await presignAttachment(client, 'am1', 'customers', customer.id, { fileName: hostile, contentType: 'application/pdf', size: PDF_BYTES.byteLength });
    const put = await uploadTo(created.upload, PDF_BYTES);
    expect(put.status).toBe(200);
    const checked = await waitForAttachment(client, 'am1', 'customers', customer.id, created.attachment.id);
    // Assess: available, the download is the bytes, saved under a name with no control character
    expect(created.attachment.fileName).toBe('合同fdp.exeX-Injected_ 1 _final_.pdf');
    expect(checked).toMatchObject({ status: 'available', version: 2 });
    const download = await fetch(checked.download!.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF_BYTES);
    const disposition = download.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const overview = await client.get<{ attachments: AttachmentAnswer[] }>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });
    expect(overview.json.attachments.map((attachment) => attachment.id)).toEqual([created.attachment.id]);
    // Act + Assess: delete (If-Match), then it is gone everywhere
    const stale = await client.delete(`/v1/customers/${customer.id}/attachments/${created.attachment.id}`, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect(stale.status, stale.text).toBe(412);
    const deleted = await client.delete(`/v1/customers/${customer.id}/attachments/${created.attachment.id}`, { as: 'am1', headers: { 'if-match': '"2"' } });
    expect(deleted.status, deleted.text).toBe(204);
    expect((await client.get(`/v1/customers/${customer.id}/attachments/${created.attachment.id}`, { as: 'am1' })).status).toBe(404);
    const after = await client.get<{ attachments: AttachmentAnswer[] }>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });
    expect(after.json.attachments).toEqual([]);
  });

  it('rejects an .exe renamed .pdf after the upload and deletes the object', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const created = await presignAttachment(client, 'am1', 'customers', customer.id, { fileName: 'invoice.pdf', contentType: 'application/pdf', size: EXE_BYTES.byteLength });
    // Act
    expect((await uploadTo(created.upload, EXE_BYTES)).status).toBe(200);
    const checked = await waitForAttachment(client, 'am1', 'customers', customer.id, created.attachment.id);
    // Assess
    expect(checked).toMatchObject({ status: 'rejected', rejection: expect.stringContaining('not application/pdf') });
    expect(checked.download).toBeUndefined();
    const objectUrl = new URL(created.upload.url);
    expect((await fetch(`${objectUrl.origin}${objectUrl.pathname}`)).status).not.toBe(200);
  });

  it('lets S3 refuse an upload of another size than signed; a body larger than declared never becomes available', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'sales');
    const created = await presignAttachment(client, 'sales', 'customers', customer.id, { fileName: 'scan.pdf', contentType: 'application/pdf', size: 10 });
    // Act
    const put = await uploadTo(created.upload, PDF_BYTES);
    // Assess: refused by the signature, or (an endpoint that does not check it) rejected by the check
    if (put.status === 200) {
      expect((await waitForAttachment(client, 'sales', 'customers', customer.id, created.attachment.id)).status).toBe('rejected');
    } else {
      expect(put.status).toBe(403);
      const read = await client.get<AttachmentAnswer>(`/v1/customers/${customer.id}/attachments/${created.attachment.id}`, { as: 'sales' });
      expect(read.json.status).toBe('pending');
    }
  });

  it('shows an assigned service request\'s attachments to its assignee, not to another account manager, not on another record', async () => {
    // Prepare: a request of am2's customer, assigned to am1
    const service = await arrangeService(client, 'am1', 'assigned', (await arrangeCustomer(client, 'am2')).id);
    const created = await presignAttachment(client, 'am1', 'services', service.id, { fileName: 'photo.png', contentType: 'image/png', size: 8 });
    // Act
    const asAssignee = await client.get<{ items: AttachmentAnswer[] }>(`/v1/services/${service.id}/attachments`, { as: 'am1' });
    const asOwner = await client.get<{ items: AttachmentAnswer[] }>(`/v1/services/${service.id}/attachments`, { as: 'am2' });
    const other = await arrangeCustomer(client, 'am1');
    const elsewhere = await client.get(`/v1/customers/${other.id}/attachments/${created.attachment.id}`, { as: 'am1' });
    // Assess
    expect(asAssignee.json.items.map((item) => item.id)).toEqual([created.attachment.id]);
    expect(asOwner.status).toBe(200);
    expect(elsewhere.status).toBe(404);
    expect((await client.get(`/v1/services/${service.id}/attachments`, { as: 'exec' })).status).toBe(200);
    expect((await client.post(`/v1/services/${service.id}/attachments`, { fileName: 'a.pdf', contentType: 'application/pdf', size: 1 }, { as: 'exec' })).status).toBe(403);
  });

  it.each([
    ['oversize', { fileName: 'big.pdf', contentType: 'application/pdf', size: 25 * 1024 * 1024 + 1 }, 'body.size'],
    ['a type off the allow-list', { fileName: 'run.exe', contentType: 'application/x-msdownload', size: 100 }, 'body.contentType'],
    ['an .exe declared as a PDF', { fileName: 'run.exe', contentType: 'application/pdf', size: 100 }, 'body.fileName'],
    ['a name that is only a path', { fileName: '../../', contentType: 'application/pdf', size: 100 }, 'body.fileName'],
    ['an unknown field', { fileName: 'a.pdf', contentType: 'application/pdf', size: 1, key: 'attachments/x' }, 'body.key'],
  ])('refuses %s with a 400 naming the field, nothing written', async (_label, body, path) => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    // Act
    const refused = await client.post<{ errors: { path: string }[] }>(`/v1/customers/${customer.id}/attachments`, body, { as: 'am1' });
    // Assess
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.errors.map((error) => error.path)).toContain(path);
    const list = await client.get<{ items: unknown[] }>(`/v1/customers/${customer.id}/attachments`, { as: 'am1' });
    expect(list.json.items).toEqual([]);
  });

  it('answers 404 for an unknown record and for an archived customer', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const archived = await client.delete(`/v1/customers/${customer.id}`, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect(archived.status, archived.text).toBe(204);
    const body = { fileName: 'a.pdf', contentType: 'application/pdf', size: 1 };
    // Act + Assess
    expect((await client.post(`/v1/customers/${customer.id}/attachments`, body, { as: 'am1' })).status).toBe(404);
    expect((await client.post(`/v1/orders/01JNW8Y3C5K7Q2V9R4T6M8P0XC/attachments`, body, { as: 'admin' })).status).toBe(404);
    expect((await client.get(`/v1/opportunities/01JNW8Y3C5K7Q2V9R4T6M8P0XC/attachments`, { as: 'admin' })).status).toBe(404);
  });
});
