import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { OpportunityReadsRepository } from './opportunity-reads.repository';
import type { OpportunityRepository, Page, PageKey } from './opportunity.ports';
import type { Opportunity, StageMove } from './opportunity.schema';
import { stageMoveEntity } from './stage-move.entity';

/** An opportunity's stage history: its `HISTORY#STAGE#` items, oldest first, with the header to judge scope. */
export class StageHistoryRepository implements Pick<OpportunityRepository, 'stageHistory'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reads: OpportunityReadsRepository,
  ) {}

  async stageHistory(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<StageMove> & { opportunity?: Opportunity }> {
    const { pk } = opportunityKeys.item(opportunityId);
    // The header and one page of moves, in parallel: two requests, whatever the history's length.
    const [result, opportunity] = await Promise.all([
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': pk, ':prefix': opportunityKeys.stageMovePrefix },
          ConsistentRead: true,
          Limit: page.limit,
          ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
        }),
      ),
      this.reads.get(opportunityId),
    ]);
    return {
      items: (result.Items ?? []).map(stageMoveEntity.fromItem),
      ...(opportunity ? { opportunity } : {}),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
