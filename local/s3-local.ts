import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS } from '#local/local-aws';
import { LOOPBACK } from '#local/ports';

/** The part of an s3rver event (the S3 notification shape) the local stand-in reads. */
interface S3rverEvent {
  readonly Records: readonly { readonly eventName: string; readonly s3: { bucket: { name: string }; object: { key: string; size?: number } } }[];
}

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** What S3 tells EventBridge about a new object (`detail-type: Object Created`): the shape the job handlers read. */
export interface ObjectCreatedEvent {
  readonly source: 'aws.s3';
  readonly 'detail-type': 'Object Created';
  readonly detail: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string; readonly size: number } };
}

export interface S3LocalHandle {
  readonly endpoint: string;
  readonly bucket: string;
  /** Every object created from now on is handed to `listener`, as EventBridge would hand it to the rule's target. */
  onObjectCreated(listener: (event: ObjectCreatedEvent) => void): void;
  stop(): Promise<void>;
}

export const LOCAL_FILES_BUCKET = 'crm-files-local';

/**
 * s3rver (npm `s3rver` 3.7.1) as the local S3 endpoint: path-style, any credentials, presigned PUT and GET work. Its
 * `event` emitter is the local stand-in for the bucket's EventBridge notifications: `onObjectCreated` converts each
 * `ObjectCreated:*` record into the EventBridge event the deployed rule delivers (lib/constructs/imports.ts).
 * Data lives in `directory` (a temporary one, removed on stop, unless given).
 */
export const startS3Local = async ({ port, directory }: { port: number; directory?: string }): Promise<S3LocalHandle> => {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver') as S3rverConstructor;
  // s3rver checks signatures against its own key pairs: the local stack's fixed credentials become one, so presigned
  // URLs are verified as S3 verifies them (a changed Content-Type or an expired link is refused).
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const dataDir = directory ?? (await mkdtemp(join(tmpdir(), 'crm-s3-')));
  const server = new S3rver({ port, address: LOOPBACK, silent: true, directory: dataDir, configureBuckets: [{ name: LOCAL_FILES_BUCKET }] });
  await server.run();
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    bucket: LOCAL_FILES_BUCKET,
    onObjectCreated: (listener) =>
      server.on('event', (event) => {
        for (const record of event.Records) {
          if (!record.eventName.startsWith('ObjectCreated:')) continue;
          listener({
            source: 'aws.s3',
            'detail-type': 'Object Created',
            detail: {
              bucket: { name: record.s3.bucket.name },
              // S3 notifications URL-encode the key; EventBridge events carry it plain.
              object: { key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')), size: record.s3.object.size ?? 0 },
            },
          });
        }
      }),
    stop: async () => {
      await server.close();
      if (!directory) await rm(dataDir, { recursive: true, force: true });
    },
  };
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const listenOnFreePort = (server: Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: LOOPBACK }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? `http://${LOOPBACK}:${address.port}` : '');
    });
  });

/**
 * For test runs, where s3rver runs in the global setup's process and the handlers in the test workers: the relay
 * forwards each object-created event, as EventBridge would, to the worker that subscribed for the event's bucket
 * (`POST /subscriptions {bucket, url}`; every worker uses its own bucket, so an upload starts exactly one job).
 */
export const startS3EventRelay = async (s3: S3LocalHandle): Promise<{ url: string; stop(): Promise<void> }> => {
  const targets = new Map<string, string>();
  s3.onObjectCreated((event) => {
    const target = targets.get(event.detail.bucket.name);
    if (target) void fetch(target, { method: 'POST', body: JSON.stringify(event) }).catch(() => undefined);
  });
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const { bucket, url } = JSON.parse(body || '{}') as { bucket?: string; url?: string };
      if (request.method === 'POST' && request.url === '/subscriptions' && bucket && url) {
        targets.set(bucket, url);
        response.writeHead(204).end();
      } else response.writeHead(400).end();
    });
  });
  const url = await listenOnFreePort(server);
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
};

/** The worker's end of the relay: a local listener that hands each delivered event to `onEvent`. */
export const subscribeToS3Events = async (
  relayUrl: string,
  bucket: string,
  onEvent: (event: ObjectCreatedEvent) => Promise<unknown>,
): Promise<{ stop(): Promise<void> }> => {
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      response.writeHead(204).end();
      void onEvent(JSON.parse(body) as ObjectCreatedEvent).catch(() => undefined);
    });
  });
  const url = await listenOnFreePort(server);
  const answer = await fetch(`${relayUrl}/subscriptions`, { method: 'POST', body: JSON.stringify({ bucket, url }) });
  if (answer.status !== 204) throw new Error(`the S3 event relay refused the subscription (${answer.status})`);
  return { stop: () => new Promise((resolve) => server.close(() => resolve())) };
};
