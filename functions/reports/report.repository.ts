import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { customerKeys } from '#shared/keys/customer.keys';
import { churnAggregateEntity } from '#shared/reports/churn-aggregate.entity';
import { compositionCountEntity } from '#shared/reports/composition-count.entity';
import { customerOrderValueEntity } from '#shared/reports/customer-order-value.entity';
import { customerReceivablesEntity } from '#shared/reports/customer-receivables.entity';
import { pipelineFiguresEntity } from '#shared/reports/pipeline-figures.entity';
import { serviceAggregateEntity } from '#shared/reports/service-aggregate.entity';
import type { AggregateItem, CustomerHead, ReportStore } from './report.ports';

/**
 * Reads the aggregates that the business writes keep (docs/data-model.md). Every report is one Query of one
 * aggregate partition (paged only past 1 MB), plus at most one BatchGetItem for the names of the listed customers:
 * the cost depends on the number of customers / buckets in the answer, never on the number of orders.
 */
export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<AggregateItem[]> {
    const items: AggregateItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      items.push(...((result.Items ?? []) as AggregateItem[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private partition(pk: string): Promise<AggregateItem[]> {
    return this.query({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': pk },
    });
  }

  private monthRange(pk: string, from: string, to: string): Promise<AggregateItem[]> {
    return this.query({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': pk, ':from': `MONTH#${from}`, ':to': `MONTH#${to}~` },
    });
  }

  contribution(year: string): Promise<AggregateItem[]> {
    return this.partition(customerOrderValueEntity.partition(year));
  }

  composition(dimension: string): Promise<AggregateItem[]> {
    return this.query({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': compositionCountEntity.partition, ':prefix': compositionCountEntity.dimensionPrefix(dimension) },
    });
  }

  services(from: string, to: string): Promise<AggregateItem[]> {
    return this.monthRange(serviceAggregateEntity.partition, from, to);
  }

  churn(from: string, to: string): Promise<AggregateItem[]> {
    return this.monthRange(churnAggregateEntity.partition, from, to);
  }

  pipeline(): Promise<AggregateItem[]> {
    return this.partition(pipelineFiguresEntity.partition);
  }

  receivables(): Promise<AggregateItem[]> {
    return this.partition(customerReceivablesEntity.partition);
  }

  async customerHeads(customerIds: readonly string[]): Promise<Map<string, CustomerHead>> {
    const heads = new Map<string, CustomerHead>();
    const unique = [...new Set(customerIds)];
    for (let start = 0; start < unique.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100).map((id) => customerKeys.item(id));
      while (keys && keys.length > 0) {
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: '#id, #no, #name',
                ExpressionAttributeNames: { '#id': 'id', '#no': 'customerNo', '#name': 'name' },
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          heads.set(String(item.id), { customerNo: item.customerNo as string | undefined, name: item.name as string | undefined });
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return heads;
  }
}
