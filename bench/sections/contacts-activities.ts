import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { activityIdGenerator } from '#functions/activities/activity-id';
import { useActivityDependencies } from '#functions/activities/activity.container';
import { DynamoDbActivityRepository } from '#functions/activities/activity.repository';
import { useContactDependencies } from '#functions/contacts/contact.container';
import { DynamoDbContactRepository } from '#functions/contacts/contact.repository';
import { useCustomerOverviewReader } from '#functions/customers/overview/customer-overview.container';
import { DynamoDbCustomerOverviewReader } from '#functions/customers/overview/customer-overview.repository';
import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { overviewKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter, type DynamoDbTally } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { ms, ratio, summarize, type Summary } from '../lib/stats';
import { timed } from '../lib/timing';

/**
 * Contacts, activities, follow-ups and the customer 360 view (issue 3):
 * - DynamoDB requests per route (target 1 each; the overview exactly one Query), every route called once through
 *   the local gateway with a demo user's ID token, the functions wired with their real repositories — only the
 *   document client counts;
 * - p50/p99 of `GET /v1/customers/{id}/overview` through the gateway beside a raw Query of the same partition
 *   (same key condition, Limit and direction), interleaved in one run, on a customer with a long history.
 */

export interface ContactActivityOperation {
  readonly operation: string;
  readonly request: string;
  readonly as: string;
  readonly status: number;
  readonly dynamodb: DynamoDbTally;
  readonly target: number | undefined;
  readonly note: string | undefined;
}

export interface OverviewLatency {
  readonly samples: number;
  readonly warmup: number;
  /** What the customer holds: the view reads the head and the latest activities only. */
  readonly history: { readonly contacts: number; readonly activities: number; readonly openFollowUps: number };
  /** Items and bytes the raw Query returns (the same the overview reads). */
  readonly itemsRead: number;
  readonly responseBytes: number;
  readonly gateway: Summary;
  readonly raw: Summary;
}

export interface ContactsActivitiesBenchResult {
  readonly operations: readonly ContactActivityOperation[];
  readonly overview: OverviewLatency;
}

type Contact = { id: string; version: number };
type Activity = { id: string; version: number };
type Page = { items: { id: string }[]; nextCursor: string | null };

const total = (tally: DynamoDbTally): number => Object.values(tally.commands).reduce((sum, count) => sum + count, 0);

/** Why a route needs more than one request, stated only when the observed commands match the reason. */
const noteFor = (operation: string, tally: DynamoDbTally): string | undefined => {
  const used = (command: string): boolean => (tally.commands[command] ?? 0) > 0;
  if (operation.startsWith('update') || operation.startsWith('delete')) {
    if (used('TransactGetItems') && used('TransactWriteItems')) {
      return 'one consistent read (scope → 404 and version → 412 judged first; the item the answer is built from, or the record to move into REMOVED#) then one transaction that re-checks both';
    }
  }
  if (operation.includes('later page') || operation.includes('date range')) {
    if (used('Query') && (used('GetItem') || used('TransactGetItems'))) {
      return 'the range starts below the customer item, so the customer (scope) is read beside the Query, in parallel — one round trip';
    }
  }
  if (operation.includes('back-dated') && (tally.commands.TransactWriteItems ?? 0) === 2) {
    return 'lastContactAt only moves forward: the first transaction fails its `lastContactAt <= occurredAt` condition and is written again without it';
  }
  if (operation.includes('replayed') && used('TransactWriteItems') && used('GetItem')) {
    return 'the create transaction is cancelled by the idempotency record, which is then read to replay the first answer';
  }
  return undefined;
};

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

export const measureContactsActivities = async (
  stack: BenchStack,
  options: { samples: number; activities: number },
): Promise<ContactsActivitiesBenchResult> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const counter = new DynamoDbRequestCounter();
  const client = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
  counter.attach(client, { returnConsumedCapacity: false });
  const { tableName } = stack.info;
  useContactDependencies({ contacts: new DynamoDbContactRepository(client, tableName), clock: systemClock, ids: ulidGenerator() });
  useActivityDependencies({
    activities: new DynamoDbActivityRepository(client, tableName),
    clock: systemClock,
    ids: activityIdGenerator(),
    directory: cognitoUserDirectory(),
  });
  useCustomerOverviewReader(new DynamoDbCustomerOverviewReader(client, tableName));

  try {
    // A customer of am1 with a long history: 3 contacts, `activities` activities over the past year, 2 open follow-ups.
    const customer = expectStatus(await call<{ id: string }>('POST', '/v1/customers', { as: 'am1', body: { name: '北京长城贸易 bench 360' } }), 201, 'customer').json;
    const base = `/v1/customers/${customer.id}`;
    const contacts: Contact[] = [];
    for (const [index, name] of ['张伟', '王芳', 'Emily Carter'].entries()) {
      contacts.push(expectStatus(await call<Contact>('POST', `${base}/contacts`, { as: 'am1', body: { name, position: '采购', isPrimary: index === 0 } }), 201, 'contact').json);
    }
    for (let index = 0; index < options.activities; index += 1) {
      const body = {
        type: ['visit', 'call', 'email', 'meeting', 'care'][index % 5],
        occurredAt: hoursAgo(24 * 365 - index * ((24 * 360) / options.activities)),
        title: `往来记录 ${index}`,
        description: '讨论了下一季度的采购计划与交付安排。'.repeat(4),
        contactId: contacts[index % contacts.length]!.id,
        ...(index === 3 || index === options.activities - 2 ? { nextFollowUpAt: hoursAgo(-24 * 7) } : {}),
      };
      expectStatus(await call('POST', `${base}/activities`, { as: 'am1', body }), 201, `activity ${index}`);
    }

    const operations: ContactActivityOperation[] = [];
    const measure = async <T>(
      operation: string,
      method: string,
      path: string,
      request: { as: string; body?: unknown; headers?: Record<string, string> },
      expected: number,
      target: number | undefined,
    ): Promise<T> => {
      counter.reset();
      const answer = expectStatus(await call<T>(method, path, request), expected, operation);
      const dynamodb = counter.snapshot();
      operations.push({
        operation,
        request: `${method} ${decodeURIComponent(path).replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '{id}').replace(/cursor=[^&]+/, 'cursor=…').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '…')}`,
        as: request.as,
        status: answer.status,
        dynamodb,
        target,
        note: noteFor(operation, dynamodb),
      });
      return answer.json;
    };
    const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

    // contacts
    const created = await measure<Contact>('create contact (primary)', 'POST', `${base}/contacts`, { as: 'am1', body: { name: '李强', isPrimary: true } }, 201, 1);
    const key = { 'idempotency-key': `bench-contact-${Date.now()}` };
    await measure('create contact with Idempotency-Key', 'POST', `${base}/contacts`, { as: 'am1', body: { name: '刘洋' }, headers: key }, 201, 1);
    await measure('create contact, replayed', 'POST', `${base}/contacts`, { as: 'am1', body: { name: '刘洋' }, headers: key }, 201, undefined);
    await measure('get contact', 'GET', `${base}/contacts/${created.id}`, { as: 'am1' }, 200, 1);
    const firstPage = await measure<Page>('list contacts (first page)', 'GET', `${base}/contacts?limit=2`, { as: 'am1' }, 200, 1);
    await measure('list contacts (later page)', 'GET', `${base}/contacts?limit=2&cursor=${encodeURIComponent(firstPage.nextCursor ?? '')}`, { as: 'am1' }, 200, undefined);
    const promoted = await measure<Contact>('update contact (make primary)', 'PATCH', `${base}/contacts/${contacts[1]!.id}`, { as: 'am1', body: { isPrimary: true }, headers: ifMatch(1) }, 200, undefined);
    await measure('delete contact', 'DELETE', `${base}/contacts/${promoted.id}`, { as: 'am1', headers: ifMatch(promoted.version) }, 204, undefined);

    // activities and follow-ups
    const visit = await measure<Activity>(
      'create activity (latest, with follow-up)',
      'POST',
      `${base}/activities`,
      { as: 'am1', body: { type: 'visit', occurredAt: hoursAgo(1), title: 'bench visit', contactId: contacts[0]!.id, nextFollowUpAt: hoursAgo(-48) } },
      201,
      1,
    );
    await measure('create activity (back-dated)', 'POST', `${base}/activities`, { as: 'am1', body: { type: 'call', occurredAt: hoursAgo(24 * 400), title: 'late entry' } }, 201, undefined);
    await measure('get activity', 'GET', `${base}/activities/${visit.id}`, { as: 'am1' }, 200, 1);
    const activityPage = await measure<Page>('list activities (first page)', 'GET', `${base}/activities`, { as: 'am1' }, 200, 1);
    await measure('list activities (later page)', 'GET', `${base}/activities?cursor=${encodeURIComponent(activityPage.nextCursor ?? '')}`, { as: 'am1' }, 200, undefined);
    await measure('list activities (type filter)', 'GET', `${base}/activities?type=visit`, { as: 'am1' }, 200, 1);
    await measure('list activities (date range)', 'GET', `${base}/activities?from=${encodeURIComponent(hoursAgo(24 * 90))}&to=${encodeURIComponent(hoursAgo(24 * 30))}`, { as: 'am1' }, 200, undefined);
    const done = await measure<Activity>('update activity (follow-up done)', 'PATCH', `${base}/activities/${visit.id}`, { as: 'am1', body: { followUpDone: true }, headers: ifMatch(1) }, 200, undefined);
    await measure('list follow-ups', 'GET', '/v1/follow-ups', { as: 'am1' }, 200, 1);
    await measure('list follow-ups (dueBefore, manager for am1)', 'GET', `/v1/follow-ups?userId=am1&dueBefore=${encodeURIComponent(hoursAgo(-24 * 30))}`, { as: 'sales' }, 200, 1);
    await measure('delete activity', 'DELETE', `${base}/activities/${visit.id}`, { as: 'am1', headers: ifMatch(done.version) }, 204, undefined);
    await measure('customer 360 view', 'GET', `${base}/overview`, { as: 'am1' }, 200, 1);

    // Latency: production wiring (no counting middleware), the overview beside a raw Query of the same partition.
    useContactDependencies(undefined);
    useActivityDependencies(undefined);
    useCustomerOverviewReader(undefined);
    const rawQuery = () =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': customerKeys.item(customer.id).pk, ':from': overviewKeys.range.from, ':to': overviewKeys.range.to },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: overviewKeys.limit,
        }),
      );
    const sample = await rawQuery();
    const url = `${stack.apiUrl}${base}/overview`;
    const headers = { authorization: `Bearer ${stack.tokens.am1}` };
    const viaGateway = async (): Promise<number> => {
      const response = await fetch(url, { headers });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`overview answered ${response.status}`);
      return body.byteLength;
    };
    const responseBytes = await viaGateway();
    const warmup = Math.min(50, Math.max(10, Math.round(options.samples / 10)));
    const series = { gateway: [] as number[], raw: [] as number[] };
    for (let round = 0; round < warmup + options.samples; round += 1) {
      // Alternate the order each round so drift and noise spread evenly over both series.
      const order = round % 2 === 0 ? (['gateway', 'raw'] as const) : (['raw', 'gateway'] as const);
      for (const name of order) {
        const duration = await timed(name === 'gateway' ? viaGateway : rawQuery);
        if (round >= warmup) series[name].push(duration);
      }
    }
    return {
      operations,
      overview: {
        samples: options.samples,
        warmup,
        history: { contacts: contacts.length + 1, activities: options.activities + 1, openFollowUps: 2 },
        itemsRead: sample.Items?.length ?? 0,
        responseBytes,
        gateway: summarize(series.gateway),
        raw: summarize(series.raw),
      },
    };
  } finally {
    useContactDependencies(undefined);
    useActivityDependencies(undefined);
    useCustomerOverviewReader(undefined);
    client.destroy();
  }
};

export const renderContactsActivitiesSection = (result: ContactsActivitiesBenchResult, provenance: string): string => {
  const rows = result.operations.map((op) => [
    op.operation,
    `\`${op.request}\` (${op.as})`,
    total(op.dynamodb),
    Object.entries(op.dynamodb.commands).map(([name, count]) => `${name} ×${count}`).join(', '),
    op.target ?? '—',
    op.target === undefined ? '—' : total(op.dynamodb) <= op.target ? 'yes' : '**no**',
  ]);
  const notes = result.operations.filter((op) => op.note && total(op.dynamodb) > 1).map((op) => `- **${op.operation}**: ${op.note}.`);
  const overview = result.operations.find((op) => op.operation === 'customer 360 view');
  const { overview: latency } = result;
  return [
    '### Contacts, activities, follow-ups and the customer 360 view',
    '',
    provenance,
    '',
    'Each route called once through the local gateway with a demo user’s ID token; the functions run their real repositories, only the document client counts.',
    '',
    table(['operation', 'request (as)', 'DynamoDB requests', 'by command', 'target', 'met?'], rows),
    '',
    `- The 360 view: **${overview ? JSON.stringify(overview.dynamodb.commands) : 'n/a'}** — ${overview && total(overview.dynamodb) === 1 && overview.dynamodb.commands.Query === 1 ? 'exactly one Query' : '**NOT one Query**'}.`,
    ...notes,
    '',
    `p50/p99 of the 360 view of a customer with ${latency.history.contacts} contacts, ${latency.history.activities} activities and ${latency.history.openFollowUps} open follow-ups ` +
      `(${latency.samples} samples per series after ${latency.warmup} warm-up rounds, the two series alternating): through the gateway (JWT, handler, one Query, JSON of ${(latency.responseBytes / 1024).toFixed(1)} KiB) ` +
      `beside a raw Query of the same partition (same key condition, direction and Limit ${overviewKeys.limit}; ${latency.itemsRead} items).`,
    '',
    table(
      ['series', 'p50', 'p90', 'p99', 'max'],
      [
        ['GET /overview through the gateway', ms(latency.gateway.p50), ms(latency.gateway.p90), ms(latency.gateway.p99), ms(latency.gateway.max)],
        ['raw Query, same partition', ms(latency.raw.p50), ms(latency.raw.p90), ms(latency.raw.p99), ms(latency.raw.max)],
        ['ratio', ratio(latency.gateway.p50, latency.raw.p50), ratio(latency.gateway.p90, latency.raw.p90), ratio(latency.gateway.p99, latency.raw.p99), '—'],
      ],
    ),
  ].join('\n');
};

export const contactsActivitiesSummary = (result: ContactsActivitiesBenchResult): string[] => [
  ...result.operations.map((op) => {
    const verdict = op.target === undefined ? '' : total(op.dynamodb) <= op.target ? ' (target met)' : ` (TARGET ${op.target} MISSED)`;
    return `  360: ${op.operation.padEnd(44)} ${total(op.dynamodb)}  ${JSON.stringify(op.dynamodb.commands)}${verdict}`;
  }),
  `  360: overview p50 ${ms(result.overview.gateway.p50)} / p99 ${ms(result.overview.gateway.p99)} vs raw Query p50 ${ms(result.overview.raw.p50)} / p99 ${ms(result.overview.raw.p99)}`,
];
