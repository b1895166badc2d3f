import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the opportunities feature (docs/data-model.md, section "Opportunities"). The header, its plan steps and
 * its assignment history share one item collection, so the plan is one Query. The header overloads gsi1, gsi2,
 * gsi3, gsi4 and gsi5 (customers use those indexes on the CUSTOMER item only; the partition prefixes never collide).
 */
/** Pipeline aggregate items are spread over this many shards per status (see `pipelineShardOf`). */
export const PIPELINE_SHARDS = 4;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The aggregate shard an opportunity's figures are kept in: from the last (random / monotonic) character of its
 * ULID, so concurrent writes about different opportunities rarely touch the same aggregate item.
 */
export const pipelineShardOf = (opportunityId: string): number =>
  Math.max(0, CROCKFORD.indexOf(opportunityId.at(-1) ?? '0')) % PIPELINE_SHARDS;

export const opportunityKeys = {
  /** The opportunity header: head of its item collection. */
  item: (opportunityId: string) => ({ pk: `OPPORTUNITY#${opportunityId}`, sk: 'OPPORTUNITY' }),
  /** A development-plan step, ordered by its ULID (creation order). */
  step: (opportunityId: string, stepId: string) => ({ pk: `OPPORTUNITY#${opportunityId}`, sk: `STEP#${stepId}` }),
  /** Sort-key bounds that select the header and every step — and not the assignment history — in one Query. */
  headerAndStepsRange: { from: 'OPPORTUNITY', to: 'STEP#~' },
  stepPrefix: 'STEP#',
  /** One assignment (or reassignment), written in the same transaction as the header change. */
  assignment: (opportunityId: string, at: string, fromVersion: number) => ({
    pk: `OPPORTUNITY#${opportunityId}`,
    sk: `ASSIGNMENT#${at}#${fromVersion}`,
  }),
  /**
   * One stage move (issue 20), written in the same transaction as the header change; ordered by time, then the
   * version it produced (unique: the header write is conditional on the version before). `HISTORY#` sorts before
   * the header, outside the header-and-steps range.
   */
  stageMove: (opportunityId: string, at: string, version: number) => ({
    pk: `OPPORTUNITY#${opportunityId}`,
    sk: `HISTORY#STAGE#${at}#${String(version).padStart(6, '0')}`,
  }),
  stageMovePrefix: 'HISTORY#STAGE#',
  /** Every opportunity index sorts by creation time then id: a created-date range is a key condition. */
  sortKey: (createdAt: string, opportunityId: string) => `${createdAt}#${opportunityId}`,
  /** Sparse: only assigned (and then won / lost) opportunities carry it. */
  byAssignee: indexKey('gsi1', 1, (assigneeId: string) => `ASSIGNEE#${assigneeId}`),
  byCreation: indexKey('gsi2', 2, () => 'OPPORTUNITY'),
  /** Sparse: only opportunities with a source. */
  bySource: indexKey('gsi3', 3, (source: string) => `OPPORTUNITY#SOURCE#${source}`),
  byStatus: indexKey('gsi5', 5, (status: string) => `OPPORTUNITY#STATUS#${status}`),
  /**
   * Sparse: opportunities of an existing customer (created for it, or won) by that customer — what a customer merge
   * re-points (functions/customers/merge/). gsi4 is the customer item's region list; the prefixes never collide.
   */
  byCustomer: indexKey('gsi4', 4, (customerId: string) => `OPPORTUNITY#CUSTOMER#${customerId}`),
  /**
   * Sparse, on STEP items: the open steps of assigned opportunities by the opportunity's assignee, sorted by due time
   * (`<dueAt>#<opportunityId>#<stepId>`) — the calendar's and workbench's "plan steps due". Moved by reassignment,
   * removed by the step's result and by the opportunity's win or loss.
   */
  stepsByAssignee: indexKey('gsi1', 1, (assigneeId: string) => `PLANSTEP#${assigneeId}`),
  stepSortKey: (dueAt: string, opportunityId: string, stepId: string) => `${dueAt}#${opportunityId}#${stepId}`,
  /** Pipeline figures for the reports: count and estimated amount per status, sharded. */
  pipelinePk: 'AGG#PIPELINE',
  pipeline: (status: string, shard: number) => ({ pk: 'AGG#PIPELINE', sk: `STATUS#${status}#${shard}` }),
  /**
   * Forecast cells (issue 20): one per expected close month × owner × stage, month first, so the months a report
   * asks for are one key range (`forecastRange`).
   */
  forecastPk: 'AGG#FORECAST',
  forecast: (month: string, ownerId: string, stage: string) => ({ pk: 'AGG#FORECAST', sk: `MONTH#${month}#OWNER#${ownerId}#STAGE#${stage}` }),
  forecastRange: (from: string, to: string) => ({ from: `MONTH#${from}`, to: `MONTH#${to}~` }),
} as const;
