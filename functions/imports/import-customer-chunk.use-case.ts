import { displayNameOf } from '#shared/auth/display-name';
import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock } from '#shared/core/clock';
import { createdValues } from '#shared/custom-fields/custom-values';
import { claimOf } from '#shared/idempotency/idempotency';
import { checkProfile, resolveOwner } from '#functions/customers/customer/customer.rules';
import type { CreateCustomerInput, Customer } from '#functions/customers/customer/customer.schema';
import {
  chunkCustomerId,
  chunkCustomerNo,
  chunkShardOf,
  countTotalsOf,
  partitionRows,
  plannedRowOf,
  type CreatedRow,
  type CustomerChunkStore,
  type PlannedRow,
} from './customer-chunk';
import type { ChunkContext, ChunkRow, RowContext, RowResult } from './import-rows';
import type { WrittenRecord } from './import.ports';
import { rowClaim } from './row-outcomes';

/** Rows of one chunk prepared (schema, codes) and sent through the single-row path this many at a time. */
const ROW_CONCURRENCY = 10;

export interface CustomerChunkDependencies {
  readonly store: CustomerChunkStore;
  readonly clock: Clock;
  readonly directory: UserDirectory;
  /** A row's checks before any write (customer.importer.ts): the data the API's create would get, or the row's outcome. */
  readonly prepare: (input: Record<string, unknown>, context: RowContext) => Promise<{ data: CreateCustomerInput } | { result: RowResult }>;
  /** The single-row path (the API's create with the row's idempotency claim): rows the chunk does not write together. */
  readonly importRow: (input: Record<string, unknown>, line: number, context: RowContext) => Promise<RowResult>;
  /** A domain error of a row as the row's `failed` outcome; undefined for an error no row rule explains. */
  readonly rowFailure: (error: unknown) => RowResult | undefined;
}

const eachLimited = async <T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(ROW_CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
};

/** The customer createCustomer would build for the row (functions/customers/customer/create-customer.use-case.ts), with the chunk's id, number and instant. */
const customerOf = async (deps: CustomerChunkDependencies, data: CreateCustomerInput, context: ChunkContext, ids: { id: string; generatedNo: string; at: string }): Promise<Customer> => {
  const { caller } = context;
  const { ownerId: requestedOwner, customerNo: givenNo, custom: customInput, ...fields } = data;
  const custom = createdValues(customInput);
  checkProfile(fields, new Date(ids.at));
  const owner =
    requestedOwner === undefined || requestedOwner === caller.username
      ? { ownerId: caller.username, ownerName: await displayNameOf(deps.directory, caller.username) }
      : await resolveOwner(deps.directory, requestedOwner);
  return {
    ...fields,
    tags: fields.tags ?? [],
    type: fields.type ?? 'customer',
    kind: fields.kind ?? 'company',
    ...(custom ? { custom } : {}),
    id: ids.id,
    customerNo: givenNo ?? ids.generatedNo,
    ...owner,
    version: 1,
    createdAt: ids.at,
    createdBy: caller.username,
    updatedAt: ids.at,
    updatedBy: caller.username,
  };
};

/**
 * Import one chunk of customer rows (commit mode) with a few requests for many rows, keeping every invariant of the
 * API's create (docs/import.md, "Chunks").
 *
 * Primary course:
 * 1. The chunk's write marker (import id + first line) is claimed `pending` with the chunk's instant, conditional on
 *    its absence. Every row is checked as the API checks a create (schema, custom fields, codes, owner, profile);
 *    a row that fails is reported, nothing of it written.
 * 2. Each valid row gets an id and (without a number in the file) a customer number derived from the import and its
 *    line, so a re-run of the chunk plans the same customers. Rows sharing a number, an idempotency key or a
 *    duplicate key with an earlier row of the chunk are left to the single-row path (step 6).
 * 3. One consistent read of every row's customer, number sentinel, idempotency record and duplicate keys: a row whose
 *    number, record or a key is held goes to the single-row path; one whose customer exists was written by an
 *    earlier attempt of this chunk.
 * 4. The free rows' customers are written with their claims — number sentinel, idempotency record, duplicate keys,
 *    each conditional as in the API's create — in transactions of many rows; a row refused there (a concurrent
 *    create took a key) leaves the transaction and goes to the single-row path.
 * 5. The created rows' search terms and audit entries go out by BatchWriteItem; then the marker is completed with
 *    the created records, and the chunk's composition counts are ADDed in the same transaction — once.
 * 6. The rows left over go through the single-row path (the API's create, 10 at a time): it finds the claims of the
 *    chunk's rows, so a duplicate within the file is treated as today (onDuplicate skip / update / create).
 *
 * Alternates: the marker is already completed (a re-run after the chunk finished) → its created records are the
 * rows' outcomes, nothing is written again, the other rows replay through the single-row path. The marker is pending
 * (a re-run after a crash) → the chunk runs again at the marker's instant: the rows it already created are found in
 * step 3 (their terms and entry written again, the same items), the counts are added once, at completion.
 */
export const importCustomerChunk = async (deps: CustomerChunkDependencies, rows: readonly ChunkRow[], context: ChunkContext): Promise<RowResult[]> => {
  const { job, caller } = context;
  const results = new Map<number, RowResult>();
  const byLine = new Map(rows.map((row) => [row.line, row]));
  const single: ChunkRow[] = [];
  const finish = async (): Promise<RowResult[]> => {
    single.sort((a, b) => a.line - b.line);
    await eachLimited(single, async (row) => void results.set(row.line, await deps.importRow(row.input, row.line, context)));
    return rows.map((row) => results.get(row.line)!);
  };
  const createdFrom = (records: readonly WrittenRecord[]): RowResult[] => records.map((record) => ({ status: 'created', record }));

  const earlier = await deps.store.marker(job.id, context.chunkKey);
  const marker = earlier ?? (await deps.store.claimMarker(job.id, context.chunkKey, deps.clock.now().toISOString(), context.ttl));
  if (marker.status === 'completed') {
    for (const result of createdFrom(marker.created)) if (result.status === 'created') results.set(result.record.line, result);
    single.push(...rows.filter((row) => !results.has(row.line)));
    return finish();
  }

  const { at } = marker;
  const shard = chunkShardOf(job.id, context.chunkKey);
  const planned: PlannedRow[] = [];
  await eachLimited(rows, async (row) => {
    const prepared = await deps.prepare(row.input, context);
    if ('result' in prepared) return void results.set(row.line, prepared.result);
    try {
      const customer = await customerOf(deps, prepared.data, context, { id: chunkCustomerId(job.id, row.line, at, shard), generatedNo: chunkCustomerNo(job.id, row.line, at), at });
      planned.push(plannedRowOf(row.line, customer, claimOf(rowClaim(caller, 'importCustomers', prepared.data), new Date(at))!));
    } catch (error) {
      const failure = deps.rowFailure(error);
      if (failure) results.set(row.line, failure);
      else single.push(row);
    }
  });
  planned.sort((a, b) => a.line - b.line);

  const { together, deferred } = partitionRows(planned);
  const inspected = await deps.store.inspect(together, new Date(at));
  const created: CreatedRow[] = [];
  const free: PlannedRow[] = [];
  const left: PlannedRow[] = [...deferred];
  for (const row of together) {
    const seen = inspected.get(row.line);
    if (seen?.kind === 'written') created.push({ planned: row, stored: seen.customer });
    else if (seen?.kind === 'free') free.push(row);
    else left.push(row);
  }
  const claims = await deps.store.claim(free);
  created.push(...claims.claimed.map((row) => ({ planned: row })), ...claims.written);
  left.push(...claims.refused);

  await deps.store.writeDerived(created);
  const records: WrittenRecord[] = created
    .map(({ planned: row }) => ({ line: row.line, recordId: row.customer.id, version: row.customer.version }))
    .sort((a, b) => a.line - b.line);
  await deps.store.complete(job.id, context.chunkKey, records, countTotalsOf(created.map(({ planned: row }) => row.customer), shard));
  for (const result of createdFrom(records)) if (result.status === 'created') results.set(result.record.line, result);
  single.push(...left.map((row) => byLine.get(row.line)!));
  return finish();
};
