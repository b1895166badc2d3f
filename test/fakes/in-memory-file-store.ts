import type { FileStore, PresignedDownload, PresignedUpload, StoredFile, UploadedPart } from '#shared/files/file-store';

/** The files bucket in memory, multipart uploads included (parts kept by number, as S3 does: the last upload wins). */
export class InMemoryFileStore implements FileStore {
  readonly files = new Map<string, { body: Uint8Array; contentType: string }>();
  readonly uploads = new Map<string, { key: string; contentType: string; parts: Map<number, Uint8Array> }>();
  readonly aborted: string[] = [];
  private next = 0;

  readonly deleted: string[] = [];

  async presignUpload(key: string, contentType: string, now: Date, contentLength?: number): Promise<PresignedUpload> {
    const headers = { 'content-type': contentType, ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }) };
    return { method: 'PUT', url: `memory://${key}`, headers, expiresAt: new Date(now.getTime() + 900_000).toISOString() };
  }

  async presignDownload(key: string, fileName: string, now: Date, contentType?: string): Promise<PresignedDownload> {
    const type = contentType ? `&type=${encodeURIComponent(contentType)}` : '';
    return { url: `memory://${key}?name=${encodeURIComponent(fileName)}${type}`, expiresAt: new Date(now.getTime() + 900_000).toISOString() };
  }

  async readStart(key: string, bytes: number): Promise<Uint8Array> {
    const file = this.files.get(key);
    if (!file) throw new Error(`no file ${key}`);
    return file.body.subarray(0, bytes);
  }

  async delete(key: string): Promise<void> {
    this.deleted.push(key);
    this.files.delete(key);
  }

  async head(key: string): Promise<StoredFile | undefined> {
    const file = this.files.get(key);
    return file ? { size: file.body.byteLength, contentType: file.contentType } : undefined;
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const file = this.files.get(key);
    if (!file) throw new Error(`no file ${key}`);
    return (async function* () {
      yield file.body;
    })();
  }

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    this.files.set(key, { body: typeof body === 'string' ? new TextEncoder().encode(body) : body, contentType });
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    const uploadId = `upload-${(this.next += 1)}`;
    this.uploads.set(uploadId, { key, contentType, parts: new Map() });
    return uploadId;
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.key !== key) throw new Error(`no upload ${uploadId}`);
    upload.parts.set(partNumber, body);
    return `"etag-${uploadId}-${partNumber}"`;
  }

  async completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.key !== key) throw new Error(`no upload ${uploadId}`);
    const bodies = parts.map((part) => upload.parts.get(part.partNumber)!);
    this.files.set(key, { body: Buffer.concat(bodies), contentType: upload.contentType });
    this.uploads.delete(uploadId);
  }

  async abortMultipart(_key: string, uploadId: string): Promise<void> {
    this.aborted.push(uploadId);
    this.uploads.delete(uploadId);
  }
}
