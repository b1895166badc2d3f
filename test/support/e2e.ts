import { afterAll, beforeAll, inject } from 'vitest';
import { DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requestApi, type ApiResponse } from '#local/api-client';
import { ensureTable } from '#local/bootstrap-table';
import { getTokens, setPortalPassword, type Tokens } from '#local/cognito-local';
import { startGateway, type GatewayOptions } from '#local/gateway';
import { localDynamoDbClient } from '#local/local-aws';
import { functionEnvironment, type LocalStackInfo } from '#local/stack';
import { assertKeepsContract } from './contract';
import { isolateCustomFields } from './custom-fields-isolation';
import { useWorkerFiles, workerFilesBucket } from './files';

/**
 * Helpers for integration and end-to-end tests. The emulators are started once per run by
 * test/support/global-setup.ts; these read what it provides.
 */

/**
 * The endpoints and ids of the run's emulators. Also points process.env at them, as the feature functions read
 * their configuration at import time: call it before importing a handler module (startTestGateway does).
 */
export const useLocalStack = (): LocalStackInfo => {
  const shared = inject('localStack');
  const scratch = scratchDynamoDb ? { dynamodbEndpoint: inject('scratchDynamodbEndpoint') } : {};
  const info = { ...shared, ...scratch, ...(ownTable ? { tableName: ownTable } : {}) };
  const bucket = workerFilesBucket();
  Object.assign(process.env, functionEnvironment(info), bucket ? { FILES_BUCKET: bucket } : {});
  return info;
};

let ownTable: string | undefined;
let scratchDynamoDb = false;

/**
 * Points this test file at the run's second, empty DynamoDB Local (test/support/global-setup.ts): for a file that
 * creates tables of its own, which write several times slower in the instance that holds the run's data. The
 * shared table does not exist there: call it only in a file that uses nothing but its own tables.
 */
export const useScratchDynamoDb = (): void => {
  scratchDynamoDb = true;
};

/**
 * Gives this test file a table of its own, in the scratch DynamoDB Local (call it before anything uses the stack).
 * For a file whose handlers cannot be isolated in-process: the deployed bundles carry their own copies of every
 * module, so `isolateCustomFields` cannot narrow what they see, and a required custom field another file defines
 * (the fuzz suite does) would refuse their creates.
 */
export const useOwnTable = async (): Promise<void> => {
  const name = `${inject('localStack').tableName}-own-${process.pid}`;
  useScratchDynamoDb();
  const client = localDynamoDbClient(inject('scratchDynamodbEndpoint'));
  try {
    await ensureTable(client, name);
  } finally {
    client.destroy();
  }
  ownTable = name;
};

/**
 * A gateway in this test worker on a free port, serving the route table with the real `#functions/<fn>/index`
 * modules unless the test passes its own `loadHandler` (or routes).
 */
export const startTestGateway = async (
  options: Partial<Pick<GatewayOptions, 'routes' | 'loadHandler' | 'integrationTimeoutMs' | 'log'>> = {},
): Promise<{ baseUrl: string; stop: () => Promise<void> }> => {
  const info = useLocalStack();
  // Definitions one test file creates stay invisible to the others (custom-fields-isolation.ts says why).
  // The limit's count item is global too: dropped before each create, so the limit counts per file as the list does.
  isolateCustomFields(async (entityType) => {
    const client = localDynamoDbClient(info.dynamodbEndpoint);
    try {
      await client.send(new DeleteItemCommand({ TableName: info.tableName, Key: { pk: { S: `CUSTOM_FIELDS#${entityType}` }, sk: { S: 'COUNT' } } }));
    } finally {
      client.destroy();
    }
  });
  const files = await useWorkerFiles(info);
  const gateway = await startGateway({
    port: 0,
    issuer: info.issuer,
    audience: [info.clientId],
    portal: { issuer: info.portalIssuer, audience: [info.portalClientId] },
    ...options,
  });
  return {
    baseUrl: gateway.url,
    stop: async () => {
      await gateway.stop();
      await files.stop();
    },
  };
};

/**
 * A gateway for the whole test file: started before its tests, stopped after them. The callback receives the
 * client (and the base URL for raw `fetch`): `useTestGateway((gateway) => (client = gateway.client));`.
 */
export const useTestGateway = (
  onStart: (gateway: { client: ReturnType<typeof api>; baseUrl: string }) => void,
  options: Parameters<typeof startTestGateway>[0] = {},
): void => {
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const gateway = await startTestGateway(options);
    stop = gateway.stop;
    onStart({ client: api(gateway.baseUrl), baseUrl: gateway.baseUrl });
  });
  afterAll(async () => {
    await stop?.();
  });
};

const tokenCache = new Map<string, Promise<Tokens>>();

/** ID and access tokens of a demo user (admin, sales, am1, am2, exec), signed in once per test file. */
export const tokensFor = (username: string): Promise<Tokens> => {
  let tokens = tokenCache.get(username);
  if (!tokens) {
    const info = useLocalStack();
    const user = info.users.find((candidate) => candidate.username === username);
    if (!user) throw new Error(`no demo user ${username}; there are ${info.users.map((u) => u.username).join(', ')}`);
    tokens = getTokens(info.cognitoEndpoint, info.clientId, user.username, user.password);
    tokenCache.set(username, tokens);
    tokens.catch(() => tokenCache.delete(username));
  }
  return tokens;
};

/** The ID token of a demo user: what the web client sends, with `cognito:groups` and `cognito:username`. */
export const tokenFor = async (username: string): Promise<string> => (await tokensFor(username)).idToken;

export type { ApiResponse };

export interface RequestOptions {
  /** Sign in as this demo user (ID token unless `tokenUse` says otherwise). */
  as?: string;
  /** Which of the demo user's tokens `as` sends; both are accepted by the API. @default 'id' */
  tokenUse?: 'id' | 'access';
  /** Or send this token as is. */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
}

export interface ApiClientOptions {
  /**
   * Check every response against docs/openapi.json (default): a status the operation does not declare, or a
   * body that does not match its schema (an unknown key included), throws. Off only for gateways whose handlers
   * are stand-ins (test/e2e/local-gateway.test.ts). Requests to undocumented routes are never checked.
   */
  contract?: boolean;
}

/**
 * The RAW fetch client for the gateway: any method, path, query and body as given, untyped. Kept for what the typed
 * client (`typedClients` in ./e2e-sdk.ts, over clients/typescript) would refuse: the fuzz, the authorization matrix,
 * bad-input tests, and tests that send deliberately invalid requests or read raw bodies and headers. Happy paths use
 * the typed client. Never throws on an HTTP status: tests assert on it. It does throw when a response breaks the API
 * contract (see test/support/contract.ts).
 */
export const api = (baseUrl: string, clientOptions: ApiClientOptions = {}) => {
  const checkContract = clientOptions.contract ?? true;
  const request = async <T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const { as, token, tokenUse, ...rest } = options;
    const bearer = token ?? (as ? (tokenUse === 'access' ? (await tokensFor(as)).accessToken : await tokenFor(as)) : undefined);
    const response = await requestApi<T>(`${baseUrl}${path}`, { method, ...rest, ...(bearer ? { token: bearer } : {}) });
    if (checkContract) {
      assertKeepsContract(method, `${baseUrl}${path}`, { status: response.status, contentType: response.headers.get('content-type'), text: response.text });
    }
    return response;
  };
  return {
    request,
    get: <T = unknown>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T = unknown>(path: string, body: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
    patch: <T = unknown>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
    put: <T = unknown>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
    delete: <T = unknown>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  };
};

/** A client on the run's DynamoDB Local, for direct assertions on what a route wrote. Destroy it in afterAll. */
export const ddbClient = (): DynamoDBClient => localDynamoDbClient(useLocalStack().dynamodbEndpoint);

/**
 * Tokens of a portal user from the SECOND pool (issue 21): the invitation's temporary password replaced by `password`
 * (locally only, as the demo seed does), then the standard InitiateAuth with the portal app client.
 */
export const portalTokensFor = async (username: string, password = 'PortalDemo#2026'): Promise<Tokens> => {
  const info = useLocalStack();
  await setPortalPassword(info.cognitoEndpoint, info.portalUserPoolId, username, password);
  return getTokens(info.cognitoEndpoint, info.portalClientId, username, password);
};
