import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { ForecastItem } from '#shared/reports/forecast';
import type { ForecastStore } from './get-forecast-report.ports';

/**
 * The forecast cells in DynamoDB: one Query of `AGG#FORECAST` over the months asked (month-first sort keys), an
 * owner's cells picked by a filter on that range. Its cost follows the cells (months × owners × stages), never the
 * number of opportunities.
 */
export class DynamoDbForecastStore implements ForecastStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async cells(from: string, to: string, ownerId?: string): Promise<ForecastItem[]> {
    const range = opportunityKeys.forecastRange(from, to);
    const items: ForecastItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ...(ownerId === undefined ? {} : { FilterExpression: '#owner = :owner' }),
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...(ownerId === undefined ? {} : { '#owner': 'ownerId' }) },
          ExpressionAttributeValues: {
            ':pk': opportunityKeys.forecastPk,
            ':from': range.from,
            ':to': range.to,
            ...(ownerId === undefined ? {} : { ':owner': ownerId }),
          },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((result.Items ?? []) as ForecastItem[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
