import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAttachmentRepository } from '#functions/attachments/attachment.repository';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import type { Attachment } from '#functions/attachments/attachment.ports';
import { ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { S3FileStore } from '#shared/files/s3-file-store';
import { LOCAL_CREDENTIALS } from '#local/local-aws';
import { useLocalStack } from '#test/support/e2e';

/** Attachment items on DynamoDB Local and the file store's attachment calls on s3rver. */
describe('attachments on DynamoDB Local and s3rver', () => {
  const ids = ulidGenerator();
  const at = '2026-12-07T02:00:00.000Z';
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbAttachmentRepository;
  let tableName: string;
  let files: S3FileStore;

  const newAttachment = (overrides: Partial<Attachment> = {}): Attachment => {
    const id = ids.next();
    return {
      id, parentType: 'order', parentId: ids.next(), customerId: ids.next(), fileName: 'contract.pdf', contentType: 'application/pdf', size: 9,
      status: 'pending', fileKey: `attachments/${id}`, version: 1, createdAt: at, createdBy: 'am1', updatedAt: at, updatedBy: 'am1', ...overrides,
    };
  };
  const audit = (attachment: Attachment, action: 'create' | 'delete' | 'transition') => ({
    at, actor: 'am1', action, entityType: 'attachment' as const, entityId: attachment.id, customerId: attachment.customerId, changes: [],
  });
  const underCustomer = async (customerId: string): Promise<string[]> => {
    const { underCustomer: index } = attachmentKeys;
    const answer = await client.send(
      new QueryCommand({ TableName: tableName, IndexName: index.index, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': index.pkAttribute }, ExpressionAttributeValues: { ':pk': index.pk(customerId) } }),
    );
    return (answer.Items ?? []).map((item) => String(item[index.skAttribute]).split('#')[0]!);
  };

  beforeAll(async () => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbAttachmentRepository(client, tableName);
    const bucket = `crm-attach-${randomBytes(5).toString('hex')}`;
    const s3 = new S3Client({ endpoint: info.s3Endpoint, region: info.region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    files = new S3FileStore({ bucket, region: info.region, endpoint: info.s3Endpoint });
  });
  afterAll(() => client.destroy());

  it('creates once per idempotency key, lists live ones newest first on the record, and keeps deleted ones under the customer for a merge', async () => {
    // Prepare
    const first = newAttachment();
    const second = newAttachment({ parentId: first.parentId, customerId: first.customerId, createdAt: '2026-12-07T02:00:01.000Z' });
    const claim = { username: 'am1', operationId: 'createOrderAttachment', key: `key-${first.id}`, fingerprint: 'f', expiresAt: 2_000_000_000 };
    // Act
    await repository.create(first, claim, audit(first, 'create'));
    const replay = await repository.create(newAttachment(), claim, audit(first, 'create'));
    await repository.create(second, undefined, audit(second, 'create'));
    const before = await repository.listOfParent('order', first.parentId, { limit: 10 });
    await repository.softDelete(second, 1, at, 'am1', audit(second, 'delete'));
    const stale = repository.softDelete(first, 2, at, 'am1', audit(first, 'delete'));
    // Assess
    expect(replay).toMatchObject({ kind: 'replayed', attachment: { id: first.id } });
    expect(before.items.map((item) => item.id)).toEqual([second.id, first.id]);
    await expect(stale).rejects.toMatchObject({ code: 'VersionConflict' });
    expect((await repository.listOfParent('order', first.parentId, { limit: 10 })).items.map((item) => item.id)).toEqual([first.id]);
    expect((await repository.listUnderCustomer(first.customerId!, 20)).map((item) => item.id)).toEqual([first.id]);
    expect((await underCustomer(first.customerId!)).sort()).toEqual(['DELETED', 'LIVE']);
    await expect(repository.softDelete(second, 2, at, 'am1', audit(second, 'delete'))).rejects.toMatchObject({ code: 'AttachmentNotFound' });
  });

  it('settles a pending attachment exactly once', async () => {
    // Prepare
    const attachment = newAttachment();
    await repository.create(attachment, undefined, audit(attachment, 'create'));
    // Act
    const settled = await Promise.all([
      repository.settle(attachment, { status: 'available' }, at, audit(attachment, 'transition')),
      repository.settle(attachment, { status: 'rejected', rejection: 'x' }, at, audit(attachment, 'transition')),
    ]);
    // Assess
    expect(settled.filter(Boolean)).toHaveLength(1);
    expect((await repository.get(attachment.id))?.version).toBe(2);
  });

  it('signs type and size into the upload, reads the first bytes, deletes the object', async () => {
    // Prepare
    const key = `attachments/${ids.next()}`;
    const body = new TextEncoder().encode('%PDF-1.7 hello');
    const upload = await files.presignUpload(key, 'application/pdf', new Date(), body.byteLength);
    // Act
    const put = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body });
    const start = await files.readStart(key, 5);
    const head = await files.head(key);
    await files.delete(key);
    // Assess
    expect(upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': String(body.byteLength) });
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(put.status).toBe(200);
    expect(new TextDecoder().decode(start)).toBe('%PDF-');
    expect(head).toEqual({ size: body.byteLength, contentType: 'application/pdf' });
    expect(await files.head(key)).toBeUndefined();
  });
});
