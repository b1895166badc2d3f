import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import type { UserDirectory } from '#shared/auth/user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { useOpportunityDependencies } from '#functions/opportunities/opportunity.container';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import { apiClient, expectStatus, type ApiCall } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter, type DynamoDbTally } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { totalRequests, type OperationCount } from './dynamodb-requests';

/** The issue's target: one DynamoDB request per route where the access pattern allows it. */
const TARGET_ONE = 1;

export interface OpportunityRequestsResult {
  readonly seededOpportunities: number;
  readonly operations: readonly OperationCount[];
}

type Opportunity = { id: string; version: number; status: string; customerId?: string };
type Step = { id: string; version: number };
type Page<T> = { items: T[]; nextCursor: string | null };

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

/** Why an operation needs more than one request, stated only when the observed commands match the reason. */
const noteFor = (operation: string, tally: DynamoDbTally): string | undefined => {
  const used = (command: string): boolean => (tally.commands[command] ?? 0) > 0;
  const readThenTransact = used('GetItem') && used('TransactWriteItems');
  if (operation.startsWith('create for an existing customer') && readThenTransact) {
    return 'reads the customer (its name becomes the prospect name; missing or archived → 400), then one transaction writes the opportunity, checks the customer again and moves the pipeline figures';
  }
  if (operation.startsWith('update (estimated amount)') && readThenTransact) {
    return 'reads the opportunity for its current amount and status, then one transaction updates it (version condition) and moves the pipeline figures by the difference';
  }
  if ((operation.startsWith('assign') || operation.startsWith('reassign')) && readThenTransact) {
    return 'reads the opportunity (current assignee and amount; the directory lookup runs beside it), then one transaction updates it, records the assignment and moves the figures';
  }
  if (operation.startsWith('win') && readThenTransact) {
    return 'reads the opportunity (amount, assignee, prospect and contact), then ONE transaction moves it to won, moves the figures and creates the customer, its number sentinel and its primary contact';
  }
  if (operation.startsWith('lose') && readThenTransact) {
    return 'reads the opportunity (its amount and status), then one transaction moves it to lost and moves the figures';
  }
  if (operation.startsWith('replayed win') && used('GetItem')) {
    return 'reads the opportunity (now won: a refusal), then the idempotency record, which holds the first answer';
  }
  if (operation.startsWith('record a step result') && used('TransactGetItems') && used('TransactWriteItems')) {
    return 'reads the opportunity and the step in one TransactGetItems (the response needs the whole step), then one transaction checks the opportunity and updates the step';
  }
  if (operation.startsWith('plan next page') && used('GetItem') && used('Query')) {
    return 'a later page starts after a step, past the opportunity: it is read beside the Query (in parallel) to judge the caller’s scope';
  }
  if (operation === 'replayed create' && used('TransactWriteItems') && used('GetItem')) {
    return 'the create transaction is cancelled by the idempotency record, then that record is read to replay the first answer';
  }
  return undefined;
};

const seedOpportunities = async (call: ApiCall, count: number): Promise<void> => {
  for (let index = 0; index < count; index += 1) {
    const body = {
      prospectName: `Bench prospect ${String(index).padStart(3, '0')}`,
      source: ['trade-show', 'referral', 'website'][index % 3],
      summary: 'bench',
      successRate: (index * 7) % 100,
      estimatedAmount: { amount: 100_000 * (index + 1), currency: 'CNY' },
    };
    const created = expectStatus(await call<Opportunity>('POST', '/v1/opportunities', { as: 'sales', body }), 201, `seed opportunity ${index}`);
    if (index % 2 === 0) {
      const assigneeId = index % 4 === 0 ? 'am1' : 'am2';
      expectStatus(
        await call('POST', `/v1/opportunities/${created.json.id}/assign`, { as: 'sales', body: { assigneeId }, headers: { 'if-match': '"1"' } }),
        200,
        `seed assignment ${index}`,
      );
    }
  }
};

/**
 * Drives every opportunities route through the local gateway with real ID tokens, the function wired with its
 * real repository, directory, clock and id generator — only the document client is the counting one.
 */
export const measureOpportunityRequests = async (
  stack: BenchStack,
  options: { seedOpportunities: number } = { seedOpportunities: 30 },
): Promise<OpportunityRequestsResult> => {
  const counter = new DynamoDbRequestCounter();
  const client = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  counter.attach(client, { returnConsumedCapacity: true });
  const directory = countingDirectory(cognitoUserDirectory());
  useOpportunityDependencies({
    opportunities: new DynamoDbOpportunityRepository(client, stack.info.tableName),
    directory,
    clock: systemClock,
    ids: ulidGenerator(),
    duplicates: new DynamoDbDuplicateFinder(client, stack.info.tableName),
    customFields: new DynamoDbCustomFieldSource(client, stack.info.tableName),
    stages: builtInStages,
  });

  const call = apiClient(stack.apiUrl, stack.tokens);
  await seedOpportunities(call, options.seedOpportunities);
  const customer = expectStatus(
    await call<{ id: string }>('POST', '/v1/customers', { as: 'admin', body: { name: 'Bench Existing Customer', ownerId: 'am1' } }),
    201,
    'bench customer',
  ).json;

  const operations: OperationCount[] = [];
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
      request: `${method} ${decodeURIComponent(path).replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '{id}').replace(/cursor=[^&]+/, 'cursor=…')}`,
      as: request.as,
      status: answer.status,
      dynamodb,
      directoryLookups: directory.lookups(),
      target,
      note: noteFor(operation, dynamodb),
    });
    return answer.json;
  };
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  const body = {
    prospectName: '上海银河精密仪器有限公司 bench',
    source: 'trade-show',
    summary: 'bench',
    successRate: 40,
    contactName: '李娜',
    contactPhone: '+86 138 0000 0000',
    estimatedAmount: { amount: 5_000_000, currency: 'CNY' },
  };
  const created = await measure<Opportunity>('create (new prospect)', 'POST', '/v1/opportunities', { as: 'sales', body }, 201, TARGET_ONE);
  await measure('create for an existing customer', 'POST', '/v1/opportunities', { as: 'sales', body: { customerId: customer.id, summary: 'bench', successRate: 10 } }, 201, undefined);
  const headers = { 'idempotency-key': `bench-${Date.now().toString(36)}` };
  const idempotent = { ...body, prospectName: 'Idempotent bench prospect' };
  await measure('create with Idempotency-Key', 'POST', '/v1/opportunities', { as: 'sales', body: idempotent, headers }, 201, TARGET_ONE);
  await measure('replayed create', 'POST', '/v1/opportunities', { as: 'sales', body: idempotent, headers }, 201, undefined);

  await measure('get', 'GET', `/v1/opportunities/${created.id}`, { as: 'exec' }, 200, TARGET_ONE);
  const firstPage = await measure<Page<Opportunity>>('list page (no filter)', 'GET', '/v1/opportunities', { as: 'admin' }, 200, TARGET_ONE);
  if (firstPage.nextCursor) {
    await measure('list next page (cursor)', 'GET', `/v1/opportunities?cursor=${encodeURIComponent(firstPage.nextCursor)}`, { as: 'admin' }, 200, TARGET_ONE);
  }
  await measure('list page (status filter)', 'GET', '/v1/opportunities?status=unassigned', { as: 'admin' }, 200, TARGET_ONE);
  const today = new Date().toISOString().slice(0, 10);
  await measure('list page (source + created range)', 'GET', `/v1/opportunities?source=referral&createdFrom=${today}`, { as: 'exec' }, 200, TARGET_ONE);
  await measure('list page (account manager: assigned to them)', 'GET', '/v1/opportunities', { as: 'am1' }, 200, TARGET_ONE);

  const edited = await measure<Opportunity>('update (fields)', 'PATCH', `/v1/opportunities/${created.id}`, { as: 'sales', body: { successRate: 55 }, headers: ifMatch(created.version) }, 200, TARGET_ONE);
  const repriced = await measure<Opportunity>(
    'update (estimated amount)',
    'PATCH',
    `/v1/opportunities/${created.id}`,
    { as: 'sales', body: { estimatedAmount: { amount: 6_000_000, currency: 'CNY' } }, headers: ifMatch(edited.version) },
    200,
    undefined,
  );
  const assigned = await measure<Opportunity>('assign', 'POST', `/v1/opportunities/${created.id}/assign`, { as: 'sales', body: { assigneeId: 'am2' }, headers: ifMatch(repriced.version) }, 200, undefined);
  const reassigned = await measure<Opportunity>('reassign', 'POST', `/v1/opportunities/${created.id}/assign`, { as: 'sales', body: { assigneeId: 'am1' }, headers: ifMatch(assigned.version) }, 200, undefined);

  const plan = `/v1/opportunities/${created.id}/plan-steps`;
  let firstStep: Step | undefined;
  for (let index = 0; index < 30; index += 1) {
    const step = expectStatus(await call<Step>('POST', plan, { as: 'am1', body: { plannedAt: '2026-12-01', action: `bench step ${index}` } }), 201, 'plan step');
    firstStep ??= step.json;
  }
  await measure('add a plan step', 'POST', plan, { as: 'am1', body: { plannedAt: '2026-12-02', action: 'measured step' } }, 201, TARGET_ONE);
  const planPage = await measure<Page<Step>>('plan first page', 'GET', plan, { as: 'am1' }, 200, TARGET_ONE);
  if (planPage.nextCursor) {
    await measure('plan next page (cursor)', 'GET', `${plan}?cursor=${encodeURIComponent(planPage.nextCursor)}`, { as: 'am1' }, 200, undefined);
  }
  await measure('record a step result', 'PATCH', `${plan}/${firstStep!.id}`, { as: 'am1', body: { result: 'done' }, headers: ifMatch(firstStep!.version) }, 200, undefined);

  const winHeaders = { ...ifMatch(reassigned.version), 'idempotency-key': `bench-win-${Date.now().toString(36)}` };
  await measure('win (creates customer + contact)', 'POST', `/v1/opportunities/${created.id}/win`, { as: 'am1', body: {}, headers: winHeaders }, 200, undefined);
  await measure('replayed win (same Idempotency-Key)', 'POST', `/v1/opportunities/${created.id}/win`, { as: 'am1', body: {}, headers: winHeaders }, 200, undefined);

  const toLose = expectStatus(await call<Opportunity>('POST', '/v1/opportunities', { as: 'sales', body: { ...body, prospectName: 'Lost bench prospect' } }), 201, 'lose setup').json;
  expectStatus(await call('POST', `/v1/opportunities/${toLose.id}/assign`, { as: 'sales', body: { assigneeId: 'am2' }, headers: ifMatch(1) }), 200, 'lose setup assign');
  await measure('lose', 'POST', `/v1/opportunities/${toLose.id}/lose`, { as: 'am2', body: { reason: 'bench' }, headers: ifMatch(2) }, 200, undefined);

  useOpportunityDependencies(undefined);
  client.destroy();
  return { seededOpportunities: options.seedOpportunities, operations };
};

/** The opportunities table of docs/benchmarks.md, with the reason for every operation above one request. */
export const renderOpportunitiesSection = (result: OpportunityRequestsResult, provenance: string): string => {
  const rows = result.operations.map((op) => {
    const total = totalRequests(op.dynamodb);
    return [
      op.operation,
      `\`${op.request}\` (${op.as})`,
      total,
      Object.entries(op.dynamodb.commands).map(([name, count]) => `${name} ×${count}`).join(', '),
      op.directoryLookups === 0 ? '—' : `${op.directoryLookups} (= ${op.directoryLookups * 2} Cognito calls, in parallel with the read)`,
      op.target ?? '—',
      op.target === undefined ? '—' : total <= op.target ? 'yes' : '**no**',
    ];
  });
  const targeted = result.operations.filter((op) => op.target !== undefined);
  const missed = targeted.filter((op) => totalRequests(op.dynamodb) > op.target!);
  const above = result.operations.filter((op) => totalRequests(op.dynamodb) > 1);
  return [
    '### DynamoDB requests per opportunities operation',
    '',
    provenance,
    '',
    `Each route called once through the local gateway with a demo user’s ID token, after ${result.seededOpportunities} opportunities were created ` +
      '(half of them assigned). The opportunities function runs its real repository, Cognito directory, clock and ids; only the document client counts.',
    '',
    table(['operation', 'request (as)', 'DynamoDB requests', 'by command', 'directory lookups', 'target', 'met?'], rows),
    '',
    `${targeted.length - missed.length} of ${targeted.length} operations with a target meet it` +
      (missed.length ? `; missed: ${missed.map((op) => op.operation).join(', ')}.` : ': every get, list page, plan page, create, field edit and plan step is one request.'),
    ...above.map((op) => `- **${op.operation}** takes ${totalRequests(op.dynamodb)} requests${op.note ? `: ${op.note}.` : '.'}`),
    '- Every status move reads first because its pipeline figures move by the amount stored on the opportunity; the write is still ONE transaction, conditional on the version that was read.',
  ].join('\n');
};

export const opportunitiesSummary = (result: OpportunityRequestsResult): string[] =>
  result.operations.map((op) => {
    const total = totalRequests(op.dynamodb);
    const verdict = op.target === undefined ? '' : total <= op.target ? ' (target met)' : ` (TARGET ${op.target} MISSED)`;
    return `  opportunities: ${op.operation.padEnd(38)} ${total}  ${JSON.stringify(op.dynamodb.commands)}${verdict}`;
  });
