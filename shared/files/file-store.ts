/**
 * Files go through the files bucket, never through a function's payload (docs/architecture.md, "Files"). This is the
 * port the use cases see; `s3-file-store.ts` implements it with S3 (s3rver locally), tests use an in-memory fake.
 */

/** Presigned URLs live 15 minutes: long enough to upload a large file on a slow line, short enough not to be shared. */
export const PRESIGNED_URL_SECONDS = 15 * 60;

export interface PresignedUpload {
  readonly method: 'PUT';
  readonly url: string;
  /** Headers the client must send with the PUT exactly as given (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface PresignedDownload {
  readonly url: string;
  readonly expiresAt: string;
}

export interface StoredFile {
  readonly size: number;
  readonly contentType?: string;
}

export interface FileStore {
  /**
   * A presigned PUT with the Content-Type signed, and — given `contentLength` — the Content-Length too: S3 then
   * refuses a body of another size or type (attachments, whose limits the signature itself must hold).
   */
  presignUpload(key: string, contentType: string, now: Date, contentLength?: number): Promise<PresignedUpload>;
  /** A presigned GET saved as `fileName` (Content-Disposition); `contentType` overrides the stored type when given. */
  presignDownload(key: string, fileName: string, now: Date, contentType?: string): Promise<PresignedDownload>;
  /** The object's size and type, or undefined when there is none. */
  head(key: string): Promise<StoredFile | undefined>;
  /** The object's bytes as a stream (never the whole file in memory). */
  read(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** The first `bytes` bytes of the object (a ranged GET), for a check of its magic bytes. */
  readStart(key: string, bytes: number): Promise<Uint8Array>;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** Removes the object (no error when there is none). */
  delete(key: string): Promise<void>;
  /**
   * A multipart upload, for files written as a stream (exports): parts of at least 5 MiB (the last may be smaller),
   * numbered from 1. Its id and the parts' ETags are what a job checkpoints to continue it in another invocation.
   */
  startMultipart(key: string, contentType: string): Promise<string>;
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string>;
  completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void>;
  /** Drops the parts of an upload that will not be completed (the bucket's lifecycle rule is the backstop). */
  abortMultipart(key: string, uploadId: string): Promise<void>;
}

/** A part of a multipart upload, as CompleteMultipartUpload needs it. */
export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** S3's smallest part (but the last): a writer buffers at least this much before it sends a part. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
