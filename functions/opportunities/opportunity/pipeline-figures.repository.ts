import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { pipelineFiguresEntity } from '#shared/reports/pipeline-figures.entity';
import type { OpportunityRepository } from './opportunity.ports';
import { summarizePipeline, type PipelineFigures, type PipelineItem } from './pipeline';

/** The pipeline figures as the writes keep them (opportunity.writes.ts, `pipelineParts`), summed over their shards. */
export class PipelineFiguresRepository implements Pick<OpportunityRepository, 'pipeline'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pipeline(): Promise<PipelineFigures> {
    const items: PipelineItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    // At most 4 statuses × PIPELINE_SHARDS small items: one page, one request.
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': pipelineFiguresEntity.partition },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((result.Items ?? []) as PipelineItem[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return summarizePipeline(items);
  }
}
