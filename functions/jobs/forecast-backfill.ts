import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { part, transactParts } from '#shared/db/transactions';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { readDictionary } from '#shared/dictionary/dictionary-lists.repository';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import { OPEN_STATUSES, type Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { headerUpdate, trackedParts } from '#functions/opportunities/opportunity/opportunity.writes';
import { initialStageOf } from '#functions/opportunities/opportunity/stages';

export interface ForecastBackfillRun {
  /** Open opportunities read from the status index. */
  readonly opportunities: number;
  /** Opportunities given a stage and probability and put in the forecast (a re-run finds none left). */
  readonly updated: number;
  /** Opportunities that changed under the backfill and were read again. */
  readonly retried: number;
}

const ATTEMPTS = 3;
/** Who the stage-history entries the backfill writes name. */
export const FORECAST_BACKFILL_ACTOR = 'system:forecast-backfill';

/**
 * Puts the open opportunities stored before stages (issue 20) into the forecast: each without a `probability`
 * gets the list's first open stage (when it has none) and, as its probability, its own `successRate` — the
 * estimate its author recorded — and its share of the forecast cells, with its first stage-history entry, in one
 * transaction held to the version read (shared/reports/forecast.ts: an opportunity without a probability has no
 * share, so every write before this one left the cells exact). No Scan: the open opportunities come from the
 * status index (`OPPORTUNITY#STATUS#unassigned` / `assigned`, paged); a write in between refuses the transaction and
 * the opportunity is read again. The version does not move (clients' If-Match stays valid); no audit entry (no
 * business change). Safe while the API writes, re-runnable: a second run finds nothing to do.
 */
export const backfillForecast = async (client: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()): Promise<ForecastBackfillRun> => {
  const run = { opportunities: 0, updated: 0, retried: 0 };
  const snapshot = await readDictionary(client, tableName);
  const stages = snapshot.lists.get('opportunity-stages')?.entries ?? DEFAULT_DICTIONARY['opportunity-stages'];
  const initial = initialStageOf(stages).code;
  const index = opportunityKeys.byStatus;

  const backfill = async (listed: Opportunity): Promise<void> => {
    run.opportunities += 1;
    let current: Opportunity | undefined = listed;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (!current || current.probability !== undefined || !(OPEN_STATUSES as readonly string[]).includes(current.status)) return;
      const next: Opportunity = { ...current, stage: current.stage ?? initial, probability: current.successRate };
      const actor = { username: FORECAST_BACKFILL_ACTOR, at: now().toISOString() };
      const guard = { statuses: OPEN_STATUSES, expectedVersion: current.version };
      const refused = await transactParts(client, [
        part('header', headerUpdate(tableName, current.id, { set: { stage: next.stage, probability: next.probability } }, guard)),
        ...trackedParts(tableName, current, next, actor),
      ]);
      if (!refused) {
        run.updated += 1;
        return;
      }
      run.retried += 1;
      const { Item: item }: { Item?: Record<string, unknown> | undefined } = await client.send(new GetCommand({ TableName: tableName, Key: opportunityKeys.item(current.id), ConsistentRead: true }));
      current = item ? opportunityEntity.fromItem(item) : undefined;
    }
    throw new Error(`opportunity ${listed.id} kept changing; run the backfill again`);
  };

  for (const status of OPEN_STATUSES) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.pkAttribute },
          ExpressionAttributeValues: { ':pk': index.pk(status) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) await backfill(opportunityEntity.fromItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return run;
};
