import { indexKey } from '#shared/db/index-key';
import { customerKeys } from './customer.keys';

/**
 * Keys of the service-request feature (docs/data-model.md, section "Service requests").
 *
 * - The request and its history of moves share one item collection (`SERVICE#<id>`), so the request with its
 *   full history is one Query.
 * - A summary sits in the customer's item collection (`CUSTOMER#<customerId>`, `SERVICE#<id>`), kept in step in
 *   every transaction, so the customer 360 view (one Query over the customer's collection) shows its requests.
 * - The request item overloads gsi1–gsi5 (customers use them on the CUSTOMER item only; every partition value
 *   below starts with `SERVICE`, so none collides with another feature's). Every index sorts by
 *   `<createdAt>#<id>`: a created-date range is a key condition, newest first is ScanIndexForward=false.
 */
/** Aggregate items are spread over this many shards per (month, type), see `serviceShardOf`. */
export const SERVICE_AGGREGATE_SHARDS = 4;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The aggregate shard a request is counted in: from the last (random) character of its ULID, so that moves of
 * different requests made at the same moment rarely write the same aggregate item (no transaction conflict).
 */
export const serviceShardOf = (serviceId: string): number =>
  Math.max(0, CROCKFORD.indexOf(serviceId.at(-1) ?? '0')) % SERVICE_AGGREGATE_SHARDS;

export const serviceKeys = {
  /** The request: head of its item collection. */
  item: (serviceId: string) => ({ pk: `SERVICE#${serviceId}`, sk: 'SERVICE' }),
  collection: (serviceId: string) => `SERVICE#${serviceId}`,
  /** One move of the request (created, assigned, handled, feedback …), in time order; `version` makes it unique. */
  move: (serviceId: string, at: string, version: number) => ({
    pk: `SERVICE#${serviceId}`,
    sk: `MOVE#${at}#${String(version).padStart(6, '0')}`,
  }),
  movePrefix: 'MOVE#',
  /** The request's summary in its customer's item collection (for the 360 view). */
  summary: (customerId: string, serviceId: string) => ({ pk: customerKeys.item(customerId).pk, sk: `SERVICE#${serviceId}` }),
  summaryPrefix: 'SERVICE#',
  sortKey: (createdAt: string, serviceId: string) => `${createdAt}#${serviceId}`,
  /** Sparse: only requests that have an assignee. */
  byAssignee: indexKey('gsi1', 1, (assigneeId: string) => `SERVICE#ASSIGNEE#${assigneeId}`),
  byCreation: indexKey('gsi2', 2, () => 'SERVICE'),
  byCustomer: indexKey('gsi3', 3, (customerId: string) => `SERVICE#CUSTOMER#${customerId}`),
  byType: indexKey('gsi4', 4, (type: string) => `SERVICE#TYPE#${type}`),
  byStatus: indexKey('gsi5', 5, (status: string) => `SERVICE#STATUS#${status}`),
} as const;

/**
 * Service-analysis aggregates (the service-analysis report reads them), updated with ADD in the same transaction as each move.
 * One item per month of creation, type and shard, all in one partition, so a report over any period is one
 * Query: `pk = AGG#SERVICES AND sk BETWEEN MONTH#<from> AND MONTH#<to>~`. Attributes (integers, see
 * docs/data-model.md): `count`, `statusCreated` … `statusArchived`, `satisfactionSum`, `satisfactionCount`,
 * `satisfaction1` … `satisfaction5`, `reopened`.
 */
export const serviceAggregateKeys = {
  partition: 'AGG#SERVICES',
  item: (month: string, type: string, shard: number) => ({ pk: 'AGG#SERVICES', sk: `MONTH#${month}#TYPE#${type}#${shard}` }),
  monthPrefix: (month: string) => `MONTH#${month}#`,
} as const;
