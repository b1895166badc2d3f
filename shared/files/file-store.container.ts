import type { FileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

/**
 * The files bucket of the function's configuration: FILES_BUCKET (set by the function construct; locally by the
 * local stack), S3_ENDPOINT only locally (s3rver). Read on first use, not at cold start: only the routes and jobs
 * that handle files load the S3 client.
 */
let store: FileStore | undefined;

export const fileStore = (): FileStore => {
  if (store) return store;
  const bucket = process.env['FILES_BUCKET'];
  if (!bucket) throw new Error('Invalid function configuration: FILES_BUCKET: required');
  store = new S3FileStore({ bucket, region: process.env['AWS_REGION'] ?? 'us-east-1', endpoint: process.env['S3_ENDPOINT'] || undefined });
  return store;
};

export const useFileStore = (replacement: FileStore | undefined): void => {
  store = replacement;
};
