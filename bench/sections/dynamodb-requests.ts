import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import type { UserDirectory } from '#shared/auth/user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import { useCustomerDependencies } from '#functions/customers/customer/customer.container';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { apiClient, expectStatus, type ApiCall } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter, type DynamoDbTally } from '../lib/dynamodb-request-counter';

/** The target: one DynamoDB request per get, list page and create (an update: two, since the audit trail). */
const TARGET_ONE = 1;

export interface OperationCount {
  readonly operation: string;
  readonly request: string;
  readonly as: string;
  readonly status: number;
  readonly dynamodb: DynamoDbTally;
  /** Calls of the user directory; each is AdminGetUser + AdminListGroupsForUser on Cognito, in parallel. */
  readonly directoryLookups: number;
  readonly target: number | undefined;
  readonly note: string | undefined;
}

export interface DynamoDbRequestsResult {
  readonly seededCustomers: number;
  readonly operations: readonly OperationCount[];
}

type Customer = { id: string; version: number; name: string };
type CustomerList = { items: Customer[]; nextCursor: string | null };

/** Counts the directory lookups the customers function makes (transfer targets, owners named by managers). */
const countingDirectory = (inner: UserDirectory): UserDirectory & { lookups: () => number; reset: () => void } => {
  let lookups = 0;
  return {
    findUser: (username) => {
      lookups += 1;
      return inner.findUser(username);
    },
    lookups: () => lookups,
    reset: () => {
      lookups = 0;
    },
  };
};

const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '成都'];
const TRADES = ['电子', '机械', '贸易', '物流', '化工'];
const LEVELS = ['ordinary', 'key-prospect', 'major', 'partner', 'strategic-partner'] as const;
const REGIONS = ['east-china', 'north-china', 'south-china', 'southwest-china'] as const;

/**
 * A table that looks like a small real one: Chinese and Latin names, three owners, every level and region.
 * More than one page (25) in total, so the list figures include a cursor.
 */
const seedCustomers = async (call: ApiCall, count: number): Promise<void> => {
  const owners = ['admin', 'am1', 'am2'];
  for (let index = 0; index < count; index += 1) {
    const name =
      index % 4 === 3
        ? `Acme Trading ${String(index).padStart(3, '0')}`
        : `${CITIES[index % CITIES.length]}${TRADES[index % TRADES.length]}有限公司 ${index}`;
    const body = { name, level: LEVELS[index % LEVELS.length], region: REGIONS[index % REGIONS.length], tags: ['bench'] };
    expectStatus(await call('POST', '/v1/customers', { as: owners[index % owners.length]!, body }), 201, `seed customer ${index}`);
  }
};

/** Why an operation needs more than one request, stated only when the observed commands match the reason. */
const noteFor = (operation: string, tally: DynamoDbTally): string | undefined => {
  const used = (command: string): boolean => (tally.commands[command] ?? 0) > 0;
  if (operation === 'replayed create' && used('TransactWriteItems') && used('GetItem')) {
    return 'the create transaction is cancelled by the idempotency record, then that record is read (consistent GetItem) to replay the first answer';
  }
  if (operation === 'transfer' && used('GetItem') && used('TransactWriteItems')) {
    return 'reads the customer first (current owner for the transfer record, "already theirs" check), then one transaction updates it and writes the record';
  }
  // The composition counts need the values a change replaces (docs/data-model.md, "Reports").
  if ((operation === 'update (level: composition counts move)' || operation === 'delete (archive)') && used('GetItem') && used('TransactWriteItems')) {
    return 'a change of level, credit, satisfaction, region or industry (or an archive) moves the composition counts: consistent read of the old values, then one transaction guarded by the version read; other updates stay one UpdateItem';
  }
  return undefined;
};

/**
 * Drives every customers route through the local gateway with real ID tokens, the function wired with its real
 * repository, directory, clock and id generator — only the document client is the counting one.
 */
export const measureDynamoDbRequests = async (stack: BenchStack, options: { seedCustomers: number }): Promise<DynamoDbRequestsResult> => {
  const counter = new DynamoDbRequestCounter();
  const client = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  counter.attach(client, { returnConsumedCapacity: true });
  const directory = countingDirectory(cognitoUserDirectory());
  useCustomerDependencies({
    customers: new DynamoDbCustomerRepository(client, stack.info.tableName),
    duplicates: new DynamoDbDuplicateFinder(client, stack.info.tableName),
    directory,
    clock: systemClock,
    ids: ulidGenerator(),
    // The read guard's counter update (one UpdateItem, concurrent with each read) goes through its own client and
    // is left out of these counts: they are the data access of each route. Its cost: the "read guard" section.
    readGuard: customerReadGuard(),
  });

  const call = apiClient(stack.apiUrl, stack.tokens);
  await seedCustomers(call, options.seedCustomers);

  const operations: OperationCount[] = [];
  /** One request, counted on its own: the bench sends nothing else meanwhile. */
  const measure = async <T>(
    operation: string,
    method: string,
    path: string,
    request: { as: string; body?: unknown; headers?: Record<string, string> },
    expected: number,
    target: number | undefined,
  ): Promise<T> => {
    counter.reset();
    directory.reset();
    const answer = expectStatus(await call<T>(method, path, request), expected, operation);
    const dynamodb = counter.snapshot();
    operations.push({
      operation,
      request: `${method} ${decodeURIComponent(path).replace(/[0-9A-HJKMNP-TV-Z]{26}/, '{id}').replace(/cursor=[^&]+/, 'cursor=…')}`,
      as: request.as,
      status: answer.status,
      dynamodb,
      directoryLookups: directory.lookups(),
      target,
      note: noteFor(operation, dynamodb),
    });
    return answer.json;
  };

  const body = { name: '上海银河电子有限公司 bench', level: 'major', region: 'east-china', tags: ['bench'] };
  const created = await measure<Customer>('create', 'POST', '/v1/customers', { as: 'admin', body }, 201, TARGET_ONE);
  const key = `bench-${Date.now().toString(36)}`;
  const idempotentBody = { name: 'Acme Idempotent bench', level: 'ordinary' };
  const headers = { 'idempotency-key': key };
  await measure('create with Idempotency-Key', 'POST', '/v1/customers', { as: 'am1', body: idempotentBody, headers }, 201, TARGET_ONE);
  await measure('replayed create', 'POST', '/v1/customers', { as: 'am1', body: idempotentBody, headers }, 201, undefined);

  await measure('get', 'GET', `/v1/customers/${created.id}`, { as: 'admin' }, 200, TARGET_ONE);
  const firstPage = await measure<CustomerList>('list page (no filter)', 'GET', '/v1/customers', { as: 'admin' }, 200, TARGET_ONE);
  if (firstPage.nextCursor) {
    const next = `/v1/customers?cursor=${encodeURIComponent(firstPage.nextCursor)}`;
    await measure('list next page (cursor)', 'GET', next, { as: 'admin' }, 200, TARGET_ONE);
  }
  await measure('list page (q, Chinese)', 'GET', `/v1/customers?q=${encodeURIComponent('上海')}`, { as: 'admin' }, 200, TARGET_ONE);
  await measure('list page (q, Latin)', 'GET', '/v1/customers?q=acme', { as: 'admin' }, 200, TARGET_ONE);
  await measure('list page (level filter)', 'GET', '/v1/customers?level=major', { as: 'admin' }, 200, TARGET_ONE);
  await measure('list page (account manager: own only)', 'GET', '/v1/customers', { as: 'am1' }, 200, TARGET_ONE);

  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
  const updated = await measure<Customer>(
    'update',
    'PATCH',
    `/v1/customers/${created.id}`,
    { as: 'admin', body: { address: '上海市浦东新区 1 号' }, headers: ifMatch(created.version) },
    200,
    // audit trail (issue 8): the entry records old → new values, so an update reads, then writes one transaction.
    2,
  );
  // A composition dimension changes → read + one transaction (2 requests).
  const releveled = await measure<Customer>(
    'update (level: composition counts move)',
    'PATCH',
    `/v1/customers/${created.id}`,
    { as: 'admin', body: { level: 'major' }, headers: ifMatch(updated.version) },
    200,
    2,
  );
  const transferred = await measure<Customer>(
    'transfer',
    'POST',
    `/v1/customers/${created.id}/transfer`,
    { as: 'sales', body: { ownerId: 'am2', reason: 'bench' }, headers: ifMatch(releveled.version) },
    200,
    undefined,
  );
  await measure('delete (archive)', 'DELETE', `/v1/customers/${created.id}`, { as: 'admin', headers: ifMatch(transferred.version) }, 204, undefined);

  // Back to the production wiring for the next sections.
  useCustomerDependencies(undefined);
  client.destroy();
  return { seededCustomers: options.seedCustomers, operations };
};

export const totalRequests = (tally: DynamoDbTally): number =>
  Object.values(tally.commands).reduce((sum, count) => sum + count, 0);
