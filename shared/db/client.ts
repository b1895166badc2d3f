import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '#shared/core/config';

/**
 * Explicit SDK settings for a Lambda behind API Gateway (30 s integration limit; our functions time out at 10 s,
 * lib/constructs/crm-function.ts). DynamoDB answers in milliseconds, so a call that takes seconds is stuck:
 * - `maxAttempts` 3 (standard retry mode: exponential backoff with jitter; throttling waits longer);
 * - `connectionTimeout` 1 s, `requestTimeout` 2 s per attempt: a stuck call gives up after at most
 *   3 × 3 s + backoff ≈ 10 s, and the client gets a 503 with Retry-After (shared/http/middleware.ts) rather than
 *   the gateway's timeout;
 * - keep-alive agents, so warm invocations reuse the TLS connection (the SDK's default too, made explicit).
 * The options object is turned into the SDK's own NodeHttpHandler (@smithy/node-http-handler, already in the
 * bundle): no extra import at cold start.
 */
export const DYNAMODB_CLIENT_SETTINGS = {
  maxAttempts: 3,
  connectionTimeout: 1_000,
  requestTimeout: 2_000,
} as const;

/**
 * DynamoDB Local (a JVM on a shared 2-core CI box) is far slower than DynamoDB: a client given an `endpoint` (only
 * the local stack, the tests and the bench set one; unset in AWS) waits this long per attempt instead.
 */
export const LOCAL_EMULATOR_REQUEST_TIMEOUT = 15_000;
/**
 * Locally many requests share one process (the test gateway runs every handler in the test's own worker), so a
 * handler's first lazy import (the SES or Cognito SDK) can block the event loop for over a second; timers run before
 * the socket's `connect` event after such a stall, and a 1 s connection timeout then fails a connection that had
 * succeeded. In AWS a Lambda serves one request at a time, so the 1 s stands there.
 */
export const LOCAL_EMULATOR_CONNECTION_TIMEOUT = 10_000;

export interface DocumentClientOptions {
  region: string;
  endpoint?: string | undefined;
  /** Tests inject a fake HttpHandler here to exercise the SDK's real retry path (test/int/faults.int.test.ts). */
  requestHandler?: DynamoDBClientConfig['requestHandler'];
  maxAttempts?: number;
}

/**
 * One DynamoDB document client per process, created on first use and reused by every invocation.
 * Tests and the bench inject their own (e.g. one that counts requests).
 */
export const createDocumentClient = (options: DocumentClientOptions): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: options.region,
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts ?? DYNAMODB_CLIENT_SETTINGS.maxAttempts,
      retryMode: 'standard',
      requestHandler: options.requestHandler ?? {
        connectionTimeout: options.endpoint ? LOCAL_EMULATOR_CONNECTION_TIMEOUT : DYNAMODB_CLIENT_SETTINGS.connectionTimeout,
        requestTimeout: options.endpoint ? LOCAL_EMULATOR_REQUEST_TIMEOUT : DYNAMODB_CLIENT_SETTINGS.requestTimeout,
        // Without it a breached requestTimeout only logs a warning (smithy keeps the old socket-idle meaning).
        throwOnRequestTimeout: true,
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
      },
    }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );

let shared: DynamoDBDocumentClient | undefined;

export const documentClient = (): DynamoDBDocumentClient => {
  if (!shared) {
    const config = loadConfig();
    shared = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  }
  return shared;
};
