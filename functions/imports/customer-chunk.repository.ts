import { BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { toAuditItem } from '#shared/audit/audit.writes';
import type { Item } from '#shared/db/item';
import { isConditionalCheckFailed, part, parts, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { batchGetItems } from '#shared/duplicates/duplicate-finder.repository';
import { duplicateKeyParts } from '#shared/duplicates/duplicate-keys.writes';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { idempotencyRecordEntity } from '#shared/idempotency/idempotency-record.entity';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { compositionCountEntity } from '#shared/reports/composition-count.entity';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { customerSearchTermsOf } from '#shared/search/search-terms.writes';
import { customerNumberEntity } from '#functions/customers/customer/customer-number.entity';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { ChunkMarker, CountTotal, CreatedRow, CustomerChunkStore, InspectedRow, PlannedRow } from './customer-chunk';
import { importWriteMarkerEntity } from './import.entity';
import { importKeys } from './import.keys';
import type { WrittenRecord } from './import.ports';

/** DynamoDB's bounds: 100 keys per BatchGetItem, 25 items per BatchWriteItem, 100 elements per transaction. */
const GET_BATCH = 100;
const WRITE_BATCH = 25;
const TRANSACTION_ITEMS = 100;
/** Requests of one kind in flight at once (DynamoDB Local serialises transactions: those go one at a time). */
const READ_CONCURRENCY = 4;
const WRITE_CONCURRENCY = 8;
/** A BatchWriteItem's unprocessed items are sent again, with exponential backoff, this many times. */
const WRITE_ATTEMPTS = 8;

const keyString = (key: { pk: unknown; sk: unknown }): string => `${String(key.pk)}\u0000${String(key.sk)}`;

const inGroups = <T>(items: readonly T[], size: number): T[][] => {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
};

/** Runs `work` over `items`, `concurrency` at a time. */
const eachLimited = async <T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The keys the table is asked about for a row: its customer, number, idempotency record and duplicate keys. */
const keysOf = (row: PlannedRow) => ({
  customer: customerKeys.item(row.customer.id),
  number: customerNumberEntity.keyOf({ customerNo: row.customer.customerNo, customerId: row.customer.id }),
  idempotency: idempotencyRecordEntity.keyOfRequest(row.claim),
  duplicates: row.keys.map((key) => duplicateKeys.key(key.rule, key.value)),
});

/** A row's elements of a claim transaction, labelled by line: `c<line>` its customer, `k<line>` its claims. */
const claimParts = (tableName: string, row: PlannedRow): TransactionPart[] => [
  part(`c${row.line}`, { Put: { TableName: tableName, Item: customerEntity.toItem(row.customer), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }),
  part(`k${row.line}`, {
    Put: { TableName: tableName, Item: customerNumberEntity.toItem({ customerNo: row.customer.customerNo, customerId: row.customer.id }), ConditionExpression: 'attribute_not_exists(pk)' },
  }),
  part(`k${row.line}`, idempotencyPut(tableName, row.claim, row.customer)),
  ...parts(`k${row.line}`, duplicateKeyParts(tableName, row.customer.id, undefined, row.customer, { allowDuplicates: false })),
];

/** The items a created row adds besides its claims: its search terms (as it is now) and its creation's audit entry. */
const derivedItemsOf = (row: CreatedRow): Item[] => {
  const { customer } = row.planned;
  return [
    ...customerSearchTermsOf(row.stored ?? customer).map(customerSearchTermEntity.toItem),
    // The entry's id is the customer's (a ULID, derived from the line): a re-run writes the same entry, not a second.
    toAuditItem({
      id: customer.id,
      at: customer.createdAt,
      actor: customer.createdBy,
      action: 'create',
      entityType: 'customer',
      entityId: customer.id,
      customerId: customer.id,
      entityVersion: customer.version,
      changes: changesBetween(undefined, customer),
    }),
  ];
};

export class DynamoDbCustomerChunkStore implements CustomerChunkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async marker(importId: string, chunkKey: number): Promise<ChunkMarker | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: importKeys.writeMarker(importId, chunkKey), ConsistentRead: true }));
    if (!Item) return undefined;
    const { status, at, created } = importWriteMarkerEntity.fromItem(Item);
    return { status, at, created: created ?? [] };
  }

  async claimMarker(importId: string, chunkKey: number, at: string, ttl: number): Promise<ChunkMarker> {
    const marker: ChunkMarker = { status: 'pending', at, created: [] };
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: importWriteMarkerEntity.toItem({ ...marker, importId, chunkKey, ttl }), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return marker;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const first = await this.marker(importId, chunkKey);
      if (!first) throw error;
      return first;
    }
  }

  async inspect(rows: readonly PlannedRow[], now: Date): Promise<Map<number, InspectedRow>> {
    const wanted = new Map<string, { pk: string; sk: string }>();
    for (const row of rows) {
      const keys = keysOf(row);
      for (const key of [keys.customer, keys.number, keys.idempotency, ...keys.duplicates]) wanted.set(keyString(key), key);
    }
    const found = new Map<string, Item>();
    await eachLimited(inGroups([...wanted.values()], GET_BATCH), READ_CONCURRENCY, async (group) => {
      for (const item of await batchGetItems(this.client, this.tableName, group)) found.set(keyString(item as { pk: string; sk: string }), item);
    });
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return new Map(
      rows.map((row): [number, InspectedRow] => {
        const keys = keysOf(row);
        const customer = found.get(keyString(keys.customer));
        if (customer) return [row.line, customer.id === row.customer.id ? { kind: 'written', customer: customerEntity.fromItem(customer) } : { kind: 'held' }];
        const number = found.get(keyString(keys.number));
        const record = found.get(keyString(keys.idempotency));
        const liveRecord = record !== undefined && !(typeof record.ttl === 'number' && record.ttl < nowSeconds);
        const heldKey = keys.duplicates.some((key) => ((found.get(keyString(key))?.members as Set<string> | undefined)?.size ?? 0) > 0);
        return [row.line, number || liveRecord || heldKey ? { kind: 'held' } : { kind: 'free' }];
      }),
    );
  }

  async claim(rows: readonly PlannedRow[]): Promise<{ claimed: PlannedRow[]; written: CreatedRow[]; refused: PlannedRow[] }> {
    const claimed: PlannedRow[] = [];
    const written: CreatedRow[] = [];
    const refused: PlannedRow[] = [];
    // Rows packed into transactions of at most 100 elements, sent one at a time.
    const groups: PlannedRow[][] = [];
    let current: PlannedRow[] = [];
    let size = 0;
    for (const row of rows) {
      const elements = 3 + row.keys.length;
      if (size + elements > TRANSACTION_ITEMS && current.length > 0) {
        groups.push(current);
        current = [];
        size = 0;
      }
      current.push(row);
      size += elements;
    }
    if (current.length > 0) groups.push(current);
    for (const group of groups) {
      let pending = group;
      while (pending.length > 0) {
        const refusal = await transactParts(this.client, pending.flatMap((row) => claimParts(this.tableName, row)));
        if (!refusal) {
          claimed.push(...pending);
          break;
        }
        const out = new Set<number>();
        for (const label of refusal.labels) {
          const row = pending.find((candidate) => candidate.line === Number(label.slice(1)));
          if (!row || out.has(row.line)) continue;
          out.add(row.line);
          const old = label.startsWith('c') ? refusal.old(label) : undefined;
          // Its customer is there under the row's own id: an earlier attempt of this chunk created it.
          if (old?.id === row.customer.id) written.push({ planned: row, stored: customerEntity.fromItem(old) as StoredCustomer });
          else refused.push(row);
        }
        if (out.size === 0) throw refusal.error;
        pending = pending.filter((row) => !out.has(row.line));
      }
    }
    return { claimed, written, refused };
  }

  async writeDerived(rows: readonly CreatedRow[]): Promise<void> {
    const items = new Map<string, Item>();
    for (const row of rows) for (const item of derivedItemsOf(row)) items.set(keyString(item as { pk: string; sk: string }), item);
    await eachLimited(inGroups([...items.values()], WRITE_BATCH), WRITE_CONCURRENCY, async (group) => {
      let pending: Record<string, unknown>[] = group.map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > WRITE_ATTEMPTS) throw new Error(`imports: ${pending.length} items stayed unprocessed after ${WRITE_ATTEMPTS} batch writes`);
        if (attempt > 1) await sleep(Math.min(2_000, 25 * 2 ** attempt) * (0.5 + Math.random()));
        const answer = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
        pending = (answer.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
    });
  }

  async complete(importId: string, chunkKey: number, created: readonly WrittenRecord[], counts: readonly CountTotal[]): Promise<boolean> {
    const refusal = await transactParts(this.client, [
      part(
        'marker',
        conditionalUpdate(this.tableName, importKeys.writeMarker(importId, chunkKey), buildUpdateExpression({ set: { status: 'completed', created } }), {
          ConditionExpression: '#markerStatus = :pending',
          names: { '#markerStatus': 'status' },
          values: { ':pending': 'pending' },
        }),
      ),
      ...parts(
        'counts',
        counts.map((total) => {
          const identity = { dimension: total.dimension, value: total.value, shard: total.shard };
          return plainUpdate(this.tableName, compositionCountEntity.keyOf(identity), compositionCountEntity.addPlan(identity, { count: total.count }));
        }),
      ),
    ]);
    if (!refusal) return true;
    if (refusal.has('marker')) return false;
    throw refusal.error;
  }
}
