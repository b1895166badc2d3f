import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PRESIGNED_URL_SECONDS, type FileStore, type PresignedDownload, type PresignedUpload, type StoredFile, type UploadedPart } from './file-store';

export interface S3FileStoreOptions {
  readonly bucket: string;
  readonly region: string;
  /** Local stack only: s3rver's URL (path-style addressing). Unset in AWS. */
  readonly endpoint?: string | undefined;
}

const expiry = (now: Date): string => new Date(now.getTime() + PRESIGNED_URL_SECONDS * 1000).toISOString();

/**
 * RFC 6266 / 5987: an ASCII fallback and the UTF-8 name, so a Chinese file name survives and no quote breaks out.
 * encodeURIComponent leaves `'()*!` as they are; RFC 5987's attr-char does not allow `'()*`, so they are encoded too.
 */
export const contentDisposition = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};

export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3FileStoreOptions) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    });
  }

  async presignUpload(key: string, contentType: string, now: Date, contentLength?: number): Promise<PresignedUpload> {
    const sized = contentLength !== undefined;
    const command = new PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: contentType, ...(sized ? { ContentLength: contentLength } : {}) });
    // Content-Type (and Content-Length when given) are signed: an upload with another type or size is refused by S3 itself.
    const signed = sized ? ['content-type', 'content-length'] : ['content-type'];
    const url = await getSignedUrl(this.client, command, { expiresIn: PRESIGNED_URL_SECONDS, signableHeaders: new Set(signed) });
    const headers = { 'content-type': contentType, ...(sized ? { 'content-length': String(contentLength) } : {}) };
    return { method: 'PUT', url, headers, expiresAt: expiry(now) };
  }

  async presignDownload(key: string, fileName: string, now: Date, contentType?: string): Promise<PresignedDownload> {
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(fileName),
      ...(contentType ? { ResponseContentType: contentType } : {}),
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: PRESIGNED_URL_SECONDS });
    return { url, expiresAt: expiry(now) };
  }

  async head(key: string): Promise<StoredFile | undefined> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0, ...(answer.ContentType ? { contentType: answer.ContentType } : {}) };
    } catch (error) {
      if (error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    if (!answer.Body) throw new Error('S3 answered without a body');
    return answer.Body as unknown as AsyncIterable<Uint8Array>;
  }

  async readStart(key: string, bytes: number): Promise<Uint8Array> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }));
    if (!answer.Body) throw new Error('S3 answered without a body');
    return (await answer.Body.transformToByteArray()).subarray(0, bytes);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    const answer = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: key, ContentType: contentType }));
    if (!answer.UploadId) throw new Error('S3 answered without an upload id');
    return answer.UploadId;
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const answer = await this.client.send(
      new UploadPartCommand({ Bucket: this.options.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.byteLength }),
    );
    if (!answer.ETag) throw new Error('S3 answered without an ETag');
    return answer.ETag;
  }

  async completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.options.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: key, UploadId: uploadId }));
  }
}
