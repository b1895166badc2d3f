import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import type { IdempotencyClaim, IdempotencyRequest } from '#shared/idempotency/idempotency';
import { findStoredAnswer, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { BulkAnswers } from './bulk.ports';

/**
 * A bulk edit's first answer as an idempotency record (shared/idempotency/). Unlike a create's, it is not part of
 * one transaction (each customer is its own): it is written after the customers, conditional on no live record,
 * so of two runs of the same request the first kept answer is the one replayed.
 */
export class DynamoDbBulkAnswers implements BulkAnswers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(request: IdempotencyRequest, now: Date): Promise<unknown> {
    return (await findStoredAnswer(this.client, this.tableName, request, now))?.response;
  }

  async keep<T>(claim: IdempotencyClaim, answer: T): Promise<T> {
    const put = idempotencyPut(this.tableName, claim, answer).Put!;
    try {
      await this.client.send(new PutCommand(put as ConstructorParameters<typeof PutCommand>[0]));
      return answer;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await replayAfterRefusal<T>(this.client, this.tableName, claim)) ?? answer;
    }
  }
}
