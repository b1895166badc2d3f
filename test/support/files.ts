import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS } from '#local/local-aws';
import { subscribeToS3Events } from '#local/s3-local';
import type { LocalStackInfo } from '#local/stack';

/**
 * The files bucket of this test worker: its own bucket on the run's s3rver (FILES_BUCKET points at it), and its
 * object-created events delivered here through the run's relay to the import job's handler or the attachment check —
 * the modules the deployed EventBridge rules invoke. Own buckets keep an upload from starting a job in another worker.
 */
let workerBucket: string | undefined;

/** This worker's bucket once `useWorkerFiles` made it (useLocalStack keeps FILES_BUCKET on it). */
export const workerFilesBucket = (): string | undefined => workerBucket;

export const useWorkerFiles = async (info: LocalStackInfo): Promise<{ bucket: string; stop(): Promise<void> }> => {
  const bucket = `crm-files-${randomBytes(6).toString('hex')}`;
  const client = new S3Client({ endpoint: info.s3Endpoint, region: info.region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  workerBucket = bucket;
  process.env['FILES_BUCKET'] = bucket;
  const { handler } = await import('#functions/imports/import-job.handler');
  const { useLocalImportJobRunner } = await import('#functions/imports/import-job.trigger');
  useLocalImportJobRunner((importId) => handler({ importId }));
  // Exports are started by their POST, not by an upload: the job runs in this worker, on the worker's bucket.
  const { handler: exportJob } = await import('#functions/exports/export-job.handler');
  const { useLocalExportJobRunner } = await import('#functions/exports/export-job.trigger');
  useLocalExportJobRunner((exportId) => exportJob({ exportId }));
  // Attachments have their own rule and handler (lib/constructs/attachments.ts): events are routed by prefix, as there.
  const { handler: attachmentCheck } = await import('#functions/attachments/attachment-check.handler');
  if (!info.s3EventRelay) return { bucket, stop: async () => undefined };
  const subscription = await subscribeToS3Events(info.s3EventRelay, bucket, (event) =>
    event.detail.object.key.startsWith('attachments/') ? attachmentCheck(event) : handler(event),
  );
  return { bucket, stop: subscription.stop };
};
