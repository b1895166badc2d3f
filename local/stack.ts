import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '#shared/auth/roles';
import { ensureTable, type TableBootstrapResult } from '#local/bootstrap-table';
import { bootstrapPortalPool, bootstrapUserPool, getTokens, startCognitoLocal, type CognitoLocalHandle, type PortalPoolInfo } from '#local/cognito-local';
import { startDynamoDbLocal, type DynamoDbLocalHandle } from '#local/dynamodb-local';
import { startGateway, type GatewayHandle, type GatewayOptions } from '#local/gateway';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient } from '#local/local-aws';
import { LocalEventBus } from '#local/local-event-bus';
import { startStreamReader, type StreamReaderHandle } from '#local/stream-reader';
import { startS3Local, type S3LocalHandle } from '#local/s3-local';
import { seedDemoData, type SeedReport } from '#local/seed';
import { seedDemoPortalUser, type DemoPortalLogin } from '#local/seed/portal.seed';
import { startSesLocal, type SesLocalHandle } from '#local/ses-local';

/** Where `--persist` keeps data: `<repo>/.local/` (git-ignored), wherever the command is run from. */
export const LOCAL_DATA_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)), '.local');
export const LOCAL_TABLE_NAME = 'crm-local';
/** Signs list cursors locally. Not a secret: it only has to be stable (≥ 32 characters, see shared/core/config). */
export const LOCAL_CURSOR_SIGNING_KEY = 'local-dev-cursor-signing-key-not-a-secret-0001';

export interface LocalUser {
  readonly username: string;
  readonly password: string;
  readonly group: Role;
  readonly name: string;
  readonly email: string;
}

/** What a client, a test or the bench needs to reach the local services (the portal pool's ids included). */
export interface LocalStackInfo extends PortalPoolInfo {
  readonly region: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of the pool's tokens, pinned by the gateway's authorizer. */
  readonly issuer: string;
  readonly users: readonly LocalUser[];
  /** aws-ses-v2-local (SES v2 API; `/` lists the sent mail, `/store` as JSON), when started. */
  readonly sesEndpoint?: string;
  /** s3rver, the local S3 endpoint, and the files bucket on it. */
  readonly s3Endpoint: string;
  readonly filesBucket: string;
  /** Test runs only: where workers subscribe to the bucket's object-created events (local/s3-local.ts). */
  readonly s3EventRelay?: string;
}

/** The sender of reminder mail locally (aws-ses-v2-local accepts any sender). */
export const LOCAL_MAIL_FROM = 'crm-reminders@example.com';

export interface EmulatorOptions {
  dynamoDbPort: number;
  cognitoPort: number;
  /** Starts aws-ses-v2-local on this port too (the reminder job's mail). */
  sesPort?: number;
  s3Port: number;
  tableName: string;
  /** Keep the data of the emulators under this directory; in memory / a temporary directory otherwise. */
  persistDir?: string;
}

export interface Emulators {
  readonly info: LocalStackInfo;
  readonly table: TableBootstrapResult;
  /** The S3 endpoint's handle: its object-created events stand in for the bucket's EventBridge rule. */
  readonly s3: S3LocalHandle;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local and cognito-local, started side by side, with the table and the user pool bootstrapped.
 * If either fails to start, the other is stopped before the error is rethrown: nothing is left running.
 */
export const startEmulators = async ({
  dynamoDbPort,
  cognitoPort,
  sesPort,
  s3Port,
  tableName,
  persistDir,
}: EmulatorOptions): Promise<Emulators> => {
  const cognitoDir = persistDir ? join(persistDir, 'cognito') : await mkdtemp(join(tmpdir(), 'crm-cognito-'));
  const removeCognitoDir = async (): Promise<void> => {
    if (!persistDir) await rm(cognitoDir, { recursive: true, force: true });
  };
  const started = await Promise.allSettled([
    startDynamoDbLocal({ port: dynamoDbPort, ...(persistDir ? { persistDir: join(persistDir, 'dynamodb') } : {}) }),
    startCognitoLocal({ port: cognitoPort, dataDir: cognitoDir }),
    startS3Local({ port: s3Port, ...(persistDir ? { directory: join(persistDir, 's3') } : {}) }),
    ...(sesPort === undefined ? [] : [startSesLocal({ port: sesPort })]),
  ]);
  const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((service) => service.stop()));
    await removeCognitoDir();
  };
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }
  const [dynamoDb, cognito, s3, ses] = running as [DynamoDbLocalHandle, CognitoLocalHandle, S3LocalHandle, SesLocalHandle | undefined];

  try {
    const client = localDynamoDbClient(dynamoDb.endpoint);
    const [table, pool, portalPool] = await Promise.all([
      ensureTable(client, tableName).finally(() => client.destroy()),
      // One pool after the other: each is a JSON file cognito-local rewrites on every change.
      bootstrapUserPool(cognito.endpoint).then(async (staff) => [staff, await bootstrapPortalPool(cognito.endpoint)] as const),
    ]).then(([created, [staff, portal]]) => [created, staff, portal] as const);
    return {
      info: {
        region: LOCAL_REGION,
        tableName,
        dynamodbEndpoint: dynamoDb.endpoint,
        cognitoEndpoint: cognito.endpoint,
        userPoolId: pool.userPoolId,
        clientId: pool.clientId,
        issuer: pool.issuer,
        users: pool.users,
        ...portalPool,
        ...(ses ? { sesEndpoint: ses.endpoint } : {}),
        s3Endpoint: s3.endpoint,
        filesBucket: s3.bucket,
      },
      table,
      s3,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/**
 * The environment each feature function reads at cold start (shared/core/config.ts), pointed at the local
 * services. Set it before the first handler import. The fake credentials keep the SDK from searching for real ones.
 */
export const functionEnvironment = (info: LocalStackInfo): Record<string, string> => ({
  TABLE_NAME: info.tableName,
  USER_POOL_ID: info.userPoolId,
  // The portal function's (functions/portal/portal.config.ts); the other functions ignore it.
  PORTAL_USER_POOL_ID: info.portalUserPoolId,
  CURSOR_SIGNING_KEY: LOCAL_CURSOR_SIGNING_KEY,
  AWS_REGION: info.region,
  DYNAMODB_ENDPOINT: info.dynamodbEndpoint,
  COGNITO_ENDPOINT: info.cognitoEndpoint,
  FILES_BUCKET: info.filesBucket,
  S3_ENDPOINT: info.s3Endpoint,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  // The reminder job's (functions/jobs/reminders.config.ts); the API functions ignore them.
  MAIL_FROM: LOCAL_MAIL_FROM,
  // Local mode of the webhooks' SSRF guard: subscribers on this machine (http://127.0.0.1:<port>) are allowed here
  // and in the tests only; the CDK app never sets it (shared/webhooks/url-guard.ts).
  WEBHOOKS_ALLOW_LOOPBACK: 'true',
  ...(info.sesEndpoint ? { SES_ENDPOINT: info.sesEndpoint } : {}),
});

/**
 * ID tokens of every demo user. One after the other: each sign-in makes cognito-local rewrite the pool's JSON
 * file (it stores the refresh token) with an unserialised async write, and overlapping writes can corrupt a
 * pool kept on disk.
 */
const signInAll = async (info: LocalStackInfo): Promise<Record<string, string>> => {
  const tokens: Record<string, string> = {};
  for (const user of info.users) {
    tokens[user.username] = (await getTokens(info.cognitoEndpoint, info.clientId, user.username, user.password)).idToken;
  }
  return tokens;
};

export interface LocalStackOptions {
  apiPort: number;
  dynamoDbPort: number;
  cognitoPort: number;
  /** aws-ses-v2-local's port; not started without one. */
  sesPort?: number;
  s3Port: number;
  /** Keep data under `.local/` between runs. */
  persist?: boolean;
  /** Create the demo data set through the API (default true). */
  seed?: boolean;
  tableName?: string;
  log?: GatewayOptions['log'];
}

export interface LocalStack {
  readonly info: LocalStackInfo & { readonly apiUrl: string };
  readonly seed: SeedReport | undefined;
  /** The local stand-in for the domain events' bus: every event the stream consumer published (listeners: webhooks). */
  readonly events: LocalEventBus;
  /** The reader of the table's stream that feeds it (local/stream-reader.ts). */
  readonly stream: StreamReaderHandle;
  /** The demo portal user's login (issue 21), when seeded. */
  readonly portalLogin: DemoPortalLogin | undefined;
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: emulators, table and pool, the gateway serving the real handler modules,
 * and the demo data. Used by `npm start`; the bench and ad-hoc scripts can call it too.
 */
export const startLocalStack = async ({
  apiPort,
  dynamoDbPort,
  cognitoPort,
  sesPort,
  s3Port,
  persist = false,
  seed = true,
  tableName = LOCAL_TABLE_NAME,
  log,
}: LocalStackOptions): Promise<LocalStack> => {
  const emulators = await startEmulators({
    dynamoDbPort,
    cognitoPort,
    ...(sesPort === undefined ? {} : { sesPort }),
    s3Port,
    tableName,
    ...(persist ? { persistDir: LOCAL_DATA_DIR } : {}),
  });
  const { info } = emulators;
  // Before any handler module is imported: the functions read their configuration at import time.
  Object.assign(process.env, functionEnvironment(info));
  // The local stand-ins for the bucket's EventBridge rule (an uploaded import file starts the import job) and for the
  // job's asynchronous self-invoke: both run the job's handler module in this process.
  const { handler: importJob } = await import('#functions/imports/import-job.handler');
  const { useLocalImportJobRunner } = await import('#functions/imports/import-job.trigger');
  useLocalImportJobRunner((importId) => importJob({ importId }));
  // The export job, started by POST /v1/exports and continued by itself (an asynchronous invoke in AWS).
  const { handler: exportJob } = await import('#functions/exports/export-job.handler');
  const { useLocalExportJobRunner } = await import('#functions/exports/export-job.trigger');
  useLocalExportJobRunner((exportId) => exportJob({ exportId }));
  // The check after an attachment upload: its own rule in AWS (prefix attachments/), its own handler here.
  const { handler: attachmentCheck } = await import('#functions/attachments/attachment-check.handler');
  emulators.s3.onObjectCreated((event) => {
    const run = event.detail.object.key.startsWith('attachments/') ? attachmentCheck(event) : importJob(event);
    void run.catch(() => undefined);
  });

  // The table's stream → the same consumer as in AWS (functions/events/) → the local bus, from the changes made now on.
  const { streamConsumerFor, tableChangeRecorder } = await import('#functions/events/publish-domain-events.handler');
  const events = new LocalEventBus((error) => console.error('[events] listener failed', error));
  // The bus rule → the webhook dispatcher (functions/webhooks/), not awaited: an asynchronous target, as in AWS.
  const { dispatchDomainEvent } = await import('#functions/webhooks/dispatch-webhooks.handler');
  events.onEvent((event) => void dispatchDomainEvent(event).catch((error: unknown) => console.error('[webhooks] dispatch failed', error)));
  const streamClient = localDynamoDbClient(info.dynamodbEndpoint);
  let stream: StreamReaderHandle | undefined;
  let gateway: GatewayHandle | undefined;
  try {
    stream = await startStreamReader(streamClient, {
      endpoint: info.dynamodbEndpoint,
      tableName: info.tableName,
      // The same consumer records the change feed (GET /v1/changes) in the table, as in AWS.
      handler: streamConsumerFor(events, await tableChangeRecorder()),
      idleMs: 100,
      onError: (error) => console.error('[events] stream reader', error),
    });
    gateway = await startGateway({
      port: apiPort,
      issuer: info.issuer,
      audience: [info.clientId],
      portal: { issuer: info.portalIssuer, audience: [info.portalClientId] },
      ...(log ? { log } : {}),
    });
    const tokens = seed ? await signInAll(info) : undefined;
    const seedReport = tokens ? await seedDemoData({ apiUrl: gateway.url, tokens }) : undefined;
    const portalLogin = tokens?.['admin']
      ? await seedDemoPortalUser({ apiUrl: gateway.url, adminToken: tokens['admin'], cognitoEndpoint: info.cognitoEndpoint, portalUserPoolId: info.portalUserPoolId })
      : undefined;
    const runningGateway = gateway;
    const runningStream = stream;
    return {
      info: { ...info, apiUrl: gateway.url },
      seed: seedReport,
      events,
      stream: runningStream,
      portalLogin,
      stop: async () => {
        await runningGateway.stop();
        await runningStream.stop();
        streamClient.destroy();
        await emulators.stop();
      },
    };
  } catch (error) {
    await gateway?.stop();
    await stream?.stop();
    streamClient.destroy();
    await emulators.stop();
    throw error;
  }
};
