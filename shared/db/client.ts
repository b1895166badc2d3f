import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '#shared/core/config';

/**
 * One DynamoDB document client per process, created on first use and reused by every invocation.
 * Tests and the bench inject their own (e.g. one that counts requests).
 */
export const createDocumentClient = (options: { region: string; endpoint?: string | undefined }): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: options.region, endpoint: options.endpoint, maxAttempts: 3 }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );

let shared: DynamoDBDocumentClient | undefined;

export const documentClient = (): DynamoDBDocumentClient => {
  if (!shared) {
    const config = loadConfig();
    shared = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  }
  return shared;
};
