import { createHash } from 'node:crypto';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { duplicateKeysOf, type DuplicateKey } from '#shared/duplicates/duplicate-keys';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { compositionDeltas } from '#shared/reports/composition.writes';
import { COMPOSITION_SHARDS } from '#shared/reports/report.keys';
import type { WrittenRecord } from './import.ports';

/**
 * The pure half of a chunked customer import (import-customer-chunk.use-case.ts): the ids a chunk gives its
 * customers, which rows may be written together, and the composition counts the chunk adds once. No AWS here.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** At most this many composition count items per chunk: they share the marker's completing transaction (≤ 100). */
export const MAX_CHUNK_COUNT_ITEMS = 90;

const digestOf = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The composition shard every customer of a chunk lands in (chunks of one import spread over the shards). */
export const chunkShardOf = (importId: string, chunkKey: number): number => digestOf(`${importId}#${chunkKey}`)[0]! % COMPOSITION_SHARDS;

/**
 * A ULID made of the chunk's instant and a random part derived from (import, line): a re-run of the chunk gives the
 * row the same id, so it finds — never doubles — what an earlier attempt wrote. The last character is chosen among
 * the 8 that put the customer in `shard` (compositionShardOf reads it), so one chunk's counts are a handful of items.
 */
export const chunkCustomerId = (importId: string, line: number, at: string, shard: number): string => {
  let time = new Date(at).getTime();
  let timePart = '';
  for (let index = 0; index < 10; index += 1) {
    timePart = CROCKFORD[time % 32]! + timePart;
    time = Math.floor(time / 32);
  }
  const digest = digestOf(`${importId}:${line}`);
  let random = '';
  for (let index = 0; index < 15; index += 1) random += CROCKFORD[digest[index]! % 32]!;
  const last = CROCKFORD[(digest[15]! % (32 / COMPOSITION_SHARDS)) * COMPOSITION_SHARDS + shard]!;
  return timePart + random + last;
};

/** A generated customer number as createCustomer makes them (`C261207-7KQ2M`), derived from (import, line). */
export const chunkCustomerNo = (importId: string, line: number, at: string): string => {
  const digest = digestOf(`no:${importId}:${line}`);
  let suffix = '';
  for (let index = 0; index < 5; index += 1) suffix += CROCKFORD[digest[index]! % 32]!;
  return `C${at.slice(2, 10).replaceAll('-', '')}-${suffix}`;
};

/** A row planned for the chunk's writes: the customer as createCustomer would build it, its claim and its keys. */
export interface PlannedRow {
  readonly line: number;
  readonly customer: Customer;
  readonly claim: IdempotencyClaim;
  readonly keys: readonly DuplicateKey[];
}

export const plannedRowOf = (line: number, customer: Customer, claim: IdempotencyClaim): PlannedRow => ({ line, customer, claim, keys: duplicateKeysOf(customer) });

/** A composition count the chunk adds: ONE update per (dimension, value) of the chunk's shard. */
export interface CountTotal {
  readonly dimension: string;
  readonly value: string;
  readonly shard: number;
  readonly count: number;
}

const tokensOf = (row: PlannedRow): string[] => [
  `no#${row.customer.customerNo}`,
  `idem#${row.claim.key}`,
  ...row.keys.map((key) => `dup#${key.rule}#${key.value}`),
];

const countKeysOf = (customer: Customer): string[] => compositionDeltas(undefined, customer).map(({ field, value }) => `${field}\u0000${value}`);

/**
 * Which planned rows go into the chunk's writes together. A row that shares its number, its idempotency key or a
 * duplicate key with an earlier row of the chunk is `deferred`: it goes through the single-row create after the
 * chunk, which then finds the earlier row's claim exactly as the API's create would (409 → skip/update/create).
 * So is a row that would take the chunk's count items past MAX_CHUNK_COUNT_ITEMS.
 */
export const partitionRows = (rows: readonly PlannedRow[]): { together: PlannedRow[]; deferred: PlannedRow[] } => {
  const taken = new Set<string>();
  const counts = new Set<string>();
  const together: PlannedRow[] = [];
  const deferred: PlannedRow[] = [];
  for (const row of rows) {
    const tokens = tokensOf(row);
    const newCounts = countKeysOf(row.customer).filter((key) => !counts.has(key));
    if (tokens.some((token) => taken.has(token)) || counts.size + newCounts.length > MAX_CHUNK_COUNT_ITEMS) {
      deferred.push(row);
      continue;
    }
    for (const token of tokens) taken.add(token);
    for (const key of newCounts) counts.add(key);
    together.push(row);
  }
  return { together, deferred };
};

/** The composition counts of customers created together in `shard`: summed, one total per (dimension, value). */
export const countTotalsOf = (customers: readonly Customer[], shard: number): CountTotal[] => {
  const totals = new Map<string, CountTotal>();
  for (const customer of customers) {
    for (const { field, value, delta } of compositionDeltas(undefined, customer)) {
      const key = `${field}\u0000${value}`;
      const known = totals.get(key);
      totals.set(key, { dimension: field, value, shard, count: (known?.count ?? 0) + delta });
    }
  }
  return [...totals.values()];
};

/** The write marker of one chunk (`sk = WRITE#<first line>`, import.entity.ts): claimed pending, completed once. */
export interface ChunkMarker {
  readonly status: 'pending' | 'completed';
  /** The chunk's instant: its customers' createdAt, audit entries and ids (a re-run keeps it). */
  readonly at: string;
  /** Completed: the customers the chunk's writes created (what the step reports and a revert undoes). */
  readonly created: readonly WrittenRecord[];
}

/** What the table holds for a planned row before the chunk writes it. */
export type InspectedRow =
  | { readonly kind: 'free' }
  /** Its number, idempotency record or a duplicate key is held: the row goes through the single-row create. */
  | { readonly kind: 'held' }
  /** An earlier attempt of this chunk created it (its id is derived from the line): as it is now. */
  | { readonly kind: 'written'; readonly customer: StoredCustomer };

/** A created row and the customer as the table holds it when it differs from the plan (an earlier attempt's, changed since). */
export interface CreatedRow {
  readonly planned: PlannedRow;
  readonly stored?: StoredCustomer;
}

/** The writes of a chunked customer import (customer-chunk.repository.ts). */
export interface CustomerChunkStore {
  marker(importId: string, chunkKey: number): Promise<ChunkMarker | undefined>;
  /** A pending marker at `at`, conditional on its absence; the marker an earlier attempt claimed when there is one. */
  claimMarker(importId: string, chunkKey: number, at: string, ttl: number): Promise<ChunkMarker>;
  /** Consistent reads of every row's customer, number, idempotency record and duplicate keys (BatchGetItem). */
  inspect(rows: readonly PlannedRow[], now: Date): Promise<Map<number, InspectedRow>>;
  /**
   * Each row's customer with its uniqueness claims (number sentinel, idempotency record, duplicate keys), in
   * transactions of many rows, each element conditional as in the API's create: a refused row leaves the
   * transaction (`refused`), or was created by an earlier attempt (`written`).
   */
  claim(rows: readonly PlannedRow[]): Promise<{ claimed: PlannedRow[]; written: CreatedRow[]; refused: PlannedRow[] }>;
  /** The search terms and the audit entry of each created row (BatchWriteItem; unprocessed items retried). */
  writeDerived(rows: readonly CreatedRow[]): Promise<void>;
  /** The marker completed with the created records and the chunk's count totals ADDed, in one transaction; false when already completed. */
  complete(importId: string, chunkKey: number, created: readonly WrittenRecord[], counts: readonly CountTotal[]): Promise<boolean>;
}
