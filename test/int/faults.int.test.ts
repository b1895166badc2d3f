import { Readable } from 'node:stream';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { customerDependencies, useCustomerDependencies } from '#functions/customers/customer/customer.container';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { createDocumentClient, DYNAMODB_CLIENT_SETTINGS } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { PORTAL_ROUTES, ROUTES, routeKey, type PortalOperationId, type PortalRouteDefinition, type RouteDefinition } from '#shared/routes';
import { api, startTestGateway, useLocalStack, type ApiResponse } from '#test/support/e2e';
import { arrangePortalCaller, PORTAL_ROUTE_SCENARIOS } from '../e2e/scenarios/portal-routes.scenarios';
import type { ArrangedRequest } from '../e2e/scenarios/route-scenario';
import { arrangeCustomer, ROUTE_SCENARIOS } from '../e2e/scenarios/route-scenarios';

/**
 * Infrastructure faults on every route (RELIABILITY-CHECKLIST E1, E2, D6, C5), walking the route table — the staff
 * routes and the customer portal's — and arranging each request with its scenario (test/e2e/scenarios), on the real
 * handlers and DynamoDB Local:
 *
 * - throttling (ProvisionedThroughputExceeded, Throttling, RequestLimitExceeded), a DynamoDB 500, a request
 *   timeout and a reset socket answer 503 with Retry-After; a transaction conflict that outlives the
 *   repositories' retries answers 409 with Retry-After;
 * - the body is a problem that names nothing internal (no AWS error name, no table name, no stack);
 * - the handler logs exactly one ERROR line, carrying the request's correlation id;
 * - a fault on the write (reads pass) leaves the arranged records exactly as they were.
 *
 * DynamoDB Local cannot throttle or conflict on demand, so these faults are injected with aws-sdk-client-mock
 * (stubbing `send`; everything not faulted goes through to DynamoDB Local). The SDK's own retry path is shown
 * separately below, with a fake HttpHandler under a real DynamoDBClient.
 */
const WRITE_COMMANDS = [TransactWriteCommand, PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand] as const;

interface Fault {
  readonly label: string;
  /** The error for one command (a transaction conflict differs for TransactWriteItems and single writes). */
  readonly error: (tableName: string, transactional: boolean) => Error;
  readonly status: 409 | 503;
}

const metadata = { httpStatusCode: 400, requestId: 'FAKE', attempts: 3, totalRetryDelay: 0 };
// Each message names the table, as DynamoDB's do: the answer must not carry it.
const FAULTS: Record<string, Fault> = {
  provisionedThroughput: {
    label: 'ProvisionedThroughputExceededException',
    status: 503,
    error: (table) => new ProvisionedThroughputExceededException({ message: `Throughput exceeds the current capacity of table ${table}`, $metadata: metadata }),
  },
  throttling: {
    label: 'ThrottlingException',
    status: 503,
    error: (table) =>
      Object.assign(new Error(`Rate of requests exceeds the allowed throughput for ${table}`), { name: 'ThrottlingException', $fault: 'client', $metadata: metadata }),
  },
  requestLimit: {
    label: 'RequestLimitExceeded',
    status: 503,
    error: (table) => new RequestLimitExceeded({ message: `Throughput exceeds the account limit (${table})`, $metadata: metadata }),
  },
  internal: {
    label: 'InternalServerError (HTTP 500)',
    status: 503,
    error: (table) => new InternalServerError({ message: `Internal server error on ${table}`, $metadata: { ...metadata, httpStatusCode: 500 } }),
  },
  timeout: {
    label: 'TimeoutError (request timeout)',
    status: 503,
    error: (table) => Object.assign(new Error(`Request to ${table} did not complete within ${DYNAMODB_CLIENT_SETTINGS.requestTimeout} ms`), { name: 'TimeoutError' }),
  },
  socket: {
    label: 'socket hang up (ECONNRESET)',
    status: 503,
    error: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  },
  conflict: {
    label: 'transaction conflict',
    status: 409,
    error: (table, transactional) =>
      transactional
        ? new TransactionCanceledException({
            message: `Transaction cancelled on ${table}, please refer cancellation reasons for specific reasons [None, TransactionConflict]`,
            $metadata: metadata,
            CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
          })
        : new TransactionConflictException({ message: `Transaction is ongoing for the item in ${table}`, $metadata: metadata }),
  },
};

/** What no answer may carry: AWS error names, the table, a stack, a source path. */
const INTERNALS = /Exception|InternalServerError|RequestLimitExceeded|TimeoutError|ECONNRESET|socket hang up|TransactionConflict|\n\s+at |\.ts:\d+|node_modules/;

const isWrite = (route: RouteDefinition | PortalRouteDefinition) => route.kind !== 'read';

/**
 * Routes that claim a record before a call outside DynamoDB (SES) and record its outcome after: a failed later write
 * leaves the claim (a dunning letter `sending`: outcome unknown, never sent again — functions/dunning/), by design.
 * A webhook redelivery claims its attempt before the POST; a failed outcome write leaves the claim, whose pre-scheduled
 * retry sends it again (functions/webhooks/webhook.rules.ts).
 */
const CLAIMED_BEFORE_AN_EXTERNAL_CALL = new Set(['sendDunningLetter', 'redeliverWebhookDelivery']);

/**
 * Routes whose writes are each complete on their own and re-runnable: a webhook replay reschedules each delivery by
 * its own conditional Put, then audits (functions/webhooks/replay-webhook.use-case.ts). A fault part-way leaves some
 * rescheduled, none half-written; what must hold is that the same request again succeeds and finishes it.
 */
const RERUNNABLE_AFTER_A_FAULT = new Set(['replayWebhook']);

const mockDocumentClients = () => mockClient(DynamoDBDocumentClient);

describe('DynamoDB faults on every route (E1, D6, C5)', () => {
  let client: ReturnType<typeof api>;
  let stop: () => Promise<void>;
  let tableName: string;
  let ddb: ReturnType<typeof mockDocumentClients>;
  const observations: string[] = [];
  const untouched = new Set<string>();
  const failOpen = new Set<string>();
  const writeCounts: string[] = [];
  const tolerated: string[] = [];
  /** Who sends the route's requests: the admin for a staff route, the arranged portal user for a portal route. */
  let caller: { as: string } | { token: string } = { as: 'admin' };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    tableName = useLocalStack().tableName;
    // Every instance's `send` is stubbed; unmatched commands go through to DynamoDB Local (sinon callThrough).
    ddb = mockDocumentClients();
    ddb.send.callThrough();
  });
  afterAll(async () => {
    ddb.restore();
    console.info(
      [
        `faults: TransactWriteItems attempts before a conflict was answered:\n  ${observations.join('\n  ')}`,
        `faults: routes the fault could not reach:\n  ${[...untouched].join('\n  ')}`,
        `faults: routes that answered although a read failed (fail-open reads):\n  ${[...failOpen].join('\n  ')}`,
        `faults: write requests per successful write route:\n  ${writeCounts.join('\n  ')}`,
        `faults: later writes that failed while the request still succeeded:\n  ${tolerated.join('\n  ')}`,
      ].join('\n'),
    );
    await stop();
  });

  /** Back to pass-through for everything (arranging and checking use the real table). */
  const passThrough = () => {
    ddb.reset();
    ddb.send.callThrough();
  };

  /** Sends the arranged request with the fault in place; returns the answer and the ERROR log lines. */
  const sendCapturing = async (request: { method: string; path: string; body?: unknown; headers?: Record<string, string> }, correlationId: string) => {
    const lines: string[] = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
    let response: ApiResponse;
    try {
      response = await client.request(request.method, request.path, {
        ...caller,
        headers: { ...request.headers, 'x-correlation-id': correlationId },
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const records = lines
      .join('')
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // A job step that an earlier request started in this process (an import's or an export's, run by the in-process
    // trigger) may log at any time; its lines name their job (importId / exportId / mergeId / bulkUpdateJobId) and are
    // not this request's.
    const jobKeys = ['importId', 'exportId', 'mergeId', 'bulkUpdateJobId'];
    const errors = records.filter((record) => record.level === 'ERROR' && jobKeys.every((key) => record[key] === undefined));
    const strays = lines.join('').split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('{'));
    return { response, errors, strays };
  };

  const expectCleanProblem = (response: ApiResponse, status: number, label: string) => {
    expect(response.status, `${label}: ${response.text}`).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after'), label).toMatch(/^[1-9]\d*$/);
    expect(response.text).not.toContain(tableName);
    expect(response.text, label).not.toMatch(INTERNALS);
  };

  let sequence = 0;

  /**
   * Each route with the arrangement its faulted requests are sent over, and by whom: staff routes by the admin over
   * their route scenario; the customer portal's routes (PORTAL_ROUTES) by a fresh portal user of the second pool over
   * theirs (test/e2e/scenarios/portal-routes.scenarios.ts).
   */
  const FAULTED: { route: RouteDefinition | PortalRouteDefinition; arrange: (() => Promise<ArrangedRequest>) | undefined }[] = [
    ...(ROUTES as readonly RouteDefinition[]).map((route) => {
      const scenario = ROUTE_SCENARIOS[route.operationId as keyof typeof ROUTE_SCENARIOS];
      return {
        route,
        arrange: scenario && (async () => {
          caller = { as: 'admin' };
          return scenario.arrange(client, 'am2');
        }),
      };
    }),
    ...(PORTAL_ROUTES as readonly PortalRouteDefinition[]).map((route) => {
      const scenario = PORTAL_ROUTE_SCENARIOS[route.operationId as PortalOperationId];
      return {
        route,
        arrange: scenario && (async () => {
          const portalUser = await arrangePortalCaller(client, 'am2');
          caller = { token: portalUser.token };
          return scenario.arrange(client, portalUser);
        }),
      };
    }),
  ];

  for (const { route, arrange } of FAULTED) {
    // Every fault on the first DynamoDB call; for write routes also each fault on the write only (reads pass).
    const cases: { fault: keyof typeof FAULTS; onWritesOnly: boolean }[] = [
      ...(['provisionedThroughput', 'throttling', 'requestLimit', 'internal', 'timeout', 'socket'] as const).map((fault) => ({ fault, onWritesOnly: false })),
      ...(isWrite(route) ? (['provisionedThroughput', 'internal', 'timeout', 'conflict'] as const).map((fault) => ({ fault, onWritesOnly: true })) : []),
    ];
    it(`${routeKey(route)}: clean 503 / 409 with Retry-After, one error log line, nothing written`, async () => {
      expect(arrange, `no scenario for ${route.operationId}`).toBeDefined();
      passThrough();
      // One arrangement serves every case: each faulted request must leave it untouched, which is checked.
      const arranged = await arrange!();
      for (const { fault, onWritesOnly } of cases) {
        const { label, error, status } = FAULTS[fault]!;
        const what = `${label} on ${onWritesOnly ? 'the write' : 'every call'}`;
        ddb.reset();
        if (onWritesOnly) {
          ddb.send.callThrough();
          for (const command of WRITE_COMMANDS) ddb.on(command as never).rejects(error(tableName, command === TransactWriteCommand));
        } else {
          ddb.rejects(error(tableName, false));
        }
        sequence += 1;
        const correlationId = `fault-${sequence}-${route.operationId}`.slice(0, 64);
        const { response, errors, strays } = await sendCapturing(arranged, correlationId);
        const calls = ddb.calls().length;
        const transactCalls = ddb.commandCalls(TransactWriteCommand as never).length;
        const writeCalls = WRITE_COMMANDS.reduce((sum, command) => sum + ddb.commandCalls(command as never).length, 0);
        passThrough();

        if (calls === 0 || (onWritesOnly && writeCalls === 0)) {
          // The route never reached DynamoDB (or never wrote): the fault cannot touch it.
          expect(response.status, `${what}: ${response.text}`).toBeLessThan(500);
          untouched.add(`${route.operationId} (${onWritesOnly ? 'no write' : 'no DynamoDB call'})`);
          continue;
        }
        if (response.status < 400 && writeCalls === 0) {
          // Only reads failed and the route still answered: a read that fails open by design (the locked-accounts
          // list keeps its last good copy, shared/auth/account-lock.ts). A failed *write* never passes this way.
          failOpen.add(`${route.operationId}: ${label}`);
          await arranged.assertUnchanged();
          continue;
        }
        expectCleanProblem(response, status, what);
        expect(errors, `${what}: error lines ${JSON.stringify(errors)}`).toHaveLength(1);
        expect(errors[0]!.correlation_id, what).toBe(correlationId);
        expect(strays, `${what}: unstructured output`).toEqual([]);
        if (fault === 'conflict' && transactCalls > 0) {
          observations.push(`${route.operationId}: ${transactCalls}`);
          // withConflictRetry: a conflict is retried before the client is asked to retry.
          expect(transactCalls, `${what}: TransactWriteItems attempts`).toBeGreaterThanOrEqual(2);
        }
        await arranged.assertUnchanged();
      }
    });

    if (isWrite(route)) {
      it(`${routeKey(route)}: a fault on any later write of the request leaves no partial write`, async () => {
        // Probe: how many write requests does the route send when all goes well (on its own arrangement)?
        passThrough();
        const probe = await arrange!();
        ddb.resetHistory();
        await client.request(probe.method, probe.path, { ...caller, ...(probe.headers ? { headers: probe.headers } : {}), ...(probe.body !== undefined ? { body: probe.body } : {}) });
        const writeCalls = WRITE_COMMANDS.flatMap((command) =>
          ddb.commandCalls(command as never).map((call) => {
            const { Key, Item } = call.args[0].input as { Key?: { pk?: unknown }; Item?: { pk?: unknown } };
            return `${command.name}${Key?.pk ?? Item?.pk ? ` ${String(Key?.pk ?? Item?.pk).split('#')[0]}#…` : ''}`;
          }),
        );
        const writes = writeCalls.length;
        writeCounts.push(`${route.operationId}: ${writes} (${writeCalls.join(', ')})`);
        if (writes < 2) return; // one atomic write request: the cases above already fault it
        const arranged = await arrange!();
        // The original `send`, for the writes that must still reach DynamoDB Local.
        const realSend = (ddb.send as unknown as { wrappedMethod: (this: unknown, command: unknown) => Promise<unknown> }).wrappedMethod;
        for (let failing = 2; failing <= writes; failing += 1) {
          ddb.reset();
          ddb.send.callThrough();
          let seen = 0;
          let failed = '';
          for (const Command of WRITE_COMMANDS) {
            ddb.on(Command as never).callsFake(async (input, getClient) => {
              seen += 1;
              if (seen === failing) {
                const { Key, Item, TransactItems } = input as { Key?: { pk?: unknown }; Item?: { pk?: unknown }; TransactItems?: unknown[] };
                failed = `${Command.name} ${String(Key?.pk ?? Item?.pk ?? `${TransactItems?.length ?? 0} items`)}`;
                throw FAULTS.internal!.error(tableName, false);
              }
              return realSend.call(getClient(), new (Command as unknown as new (input: unknown) => unknown)(input));
            });
          }
          const response = await client.request(arranged.method, arranged.path, {
            ...caller,
            ...(arranged.headers ? { headers: arranged.headers } : {}),
            ...(arranged.body !== undefined ? { body: arranged.body } : {}),
          });
          passThrough();
          if (failed === '') {
            // Fewer writes this time than the probe counted: the probe's extra one was a retry (withConflictRetry after
            // a real TransactionConflict on a hot aggregate item, which parallel test files cause). Nothing was
            // faulted and the request succeeded: the record moved on.
            tolerated.push(`${route.operationId}: only ${seen} write(s) this time (the probe counted ${writes}) → ${response.status}`);
            break;
          }
          if (response.status < 300) {
            // The business write was done and answered; the failed one was auxiliary and tolerated by design (e.g.
            // the read guard's counter, shared/guard/). Listed in the summary for review.
            tolerated.push(`${route.operationId}: write ${failing} of ${writes} (${failed}) failed → ${response.status}`);
            break; // the arrangement has moved on
          }
          expectCleanProblem(response, 503, `write ${failing} of ${writes} (${failed}) failing`);
          if (RERUNNABLE_AFTER_A_FAULT.has(route.operationId)) {
            const again = await client.request(arranged.method, arranged.path, { ...caller, ...(arranged.headers ? { headers: arranged.headers } : {}), ...(arranged.body !== undefined ? { body: arranged.body } : {}) });
            expect(again.status, `${route.operationId} repeated after write ${failing} failed: ${again.text}`).toBe(200);
            break;
          }
          if (CLAIMED_BEFORE_AN_EXTERNAL_CALL.has(route.operationId)) {
            // The claim is written before the outside call, so it stays: what must hold is that the same request
            // again does not repeat the call (never sent twice).
            const again = await client.request(arranged.method, arranged.path, { ...caller, ...(arranged.headers ? { headers: arranged.headers } : {}), ...(arranged.body !== undefined ? { body: arranged.body } : {}) });
            expect([409, 412], `${route.operationId} repeated after write ${failing} failed: ${again.text}`).toContain(again.status);
            break;
          }
          await arranged.assertUnchanged();
        }
      });
    }
  }
});

/**
 * The SDK's own retry path (E2): a real DynamoDBClient (built by shared/db/client.ts) over a fake HttpHandler
 * that answers HTTP 400 ThrottlingException for the first N attempts, then forwards to DynamoDB Local.
 */
class FlakyHandler {
  attempts = 0;
  private readonly real = new NodeHttpHandler();
  constructor(private readonly failures: number) {}

  async handle(request: Parameters<NodeHttpHandler['handle']>[0], options?: Parameters<NodeHttpHandler['handle']>[1]) {
    this.attempts += 1;
    if (this.attempts <= this.failures) {
      const body = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' });
      return {
        response: {
          statusCode: 400,
          reason: 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `FAKE${this.attempts}`, 'content-length': String(Buffer.byteLength(body)) },
          body: Readable.from([Buffer.from(body)]),
        },
      };
    }
    return this.real.handle(request, options);
  }

  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {
    this.real.destroy();
  }
}

describe('the SDK retries throttling, then gives up into a 503 (E2)', () => {
  let client: ReturnType<typeof api>;
  let stop: () => Promise<void>;
  let info: ReturnType<typeof useLocalStack>;
  let customerId: string;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    info = useLocalStack();
    customerId = (await arrangeCustomer(client, 'am2')).id;
  });
  afterEach(() => useCustomerDependencies(undefined));
  afterAll(() => stop());

  const flakyClient = (failures: number) => {
    const handler = new FlakyHandler(failures);
    const documentClient = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint, requestHandler: handler as never });
    return { handler, documentClient };
  };

  it(`succeeds when throttled fewer times than maxAttempts (${DYNAMODB_CLIENT_SETTINGS.maxAttempts})`, async () => {
    const { handler, documentClient } = flakyClient(DYNAMODB_CLIENT_SETTINGS.maxAttempts - 1);
    const read = await documentClient.send(new GetCommand({ TableName: info.tableName, Key: customerKeys.item(customerId) }));
    expect(read.Item?.id).toBe(customerId);
    expect(handler.attempts).toBe(DYNAMODB_CLIENT_SETTINGS.maxAttempts);
    expect(read.$metadata.attempts).toBe(DYNAMODB_CLIENT_SETTINGS.maxAttempts);
  });

  it('gives up after maxAttempts with the ThrottlingException', async () => {
    const { handler, documentClient } = flakyClient(Number.POSITIVE_INFINITY);
    const failure = documentClient.send(new GetCommand({ TableName: info.tableName, Key: customerKeys.item(customerId) }));
    await expect(failure).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: DYNAMODB_CLIENT_SETTINGS.maxAttempts } });
    expect(handler.attempts).toBe(DYNAMODB_CLIENT_SETTINGS.maxAttempts);
  });

  it('through a route: 200 after retries under maxAttempts, 503 with Retry-After beyond it', async () => {
    const route = `/v1/customers/${customerId}`;
    const recovering = flakyClient(DYNAMODB_CLIENT_SETTINGS.maxAttempts - 1);
    useCustomerDependencies({ ...customerDependencies(), customers: new DynamoDbCustomerRepository(recovering.documentClient, info.tableName) });
    const recovered = await client.get<{ id: string }>(route, { as: 'admin' });
    expect(recovered.status, recovered.text).toBe(200);
    expect(recovered.json.id).toBe(customerId);
    expect(recovering.handler.attempts).toBeGreaterThanOrEqual(DYNAMODB_CLIENT_SETTINGS.maxAttempts);

    const throttled = flakyClient(Number.POSITIVE_INFINITY);
    useCustomerDependencies({ ...customerDependencies(), customers: new DynamoDbCustomerRepository(throttled.documentClient, info.tableName) });
    const refused = await client.get(route, { as: 'admin' });
    expect(refused.status, refused.text).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(refused.text).not.toMatch(INTERNALS);
    expect(throttled.handler.attempts).toBe(DYNAMODB_CLIENT_SETTINGS.maxAttempts);
  });
});
