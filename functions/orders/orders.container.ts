import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { findStoredAnswer } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyStore } from '#functions/orders/order/order.ports';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import type { OrdersDependencies } from './orders.dependencies';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';

/** The first answers of idempotent creates, read through the one replay (shared/idempotency/idempotency.writes.ts). */
export const storedAnswersIn = (client: DynamoDBDocumentClient, tableName: string): IdempotencyStore => ({
  find: async (request, now) => (await findStoredAnswer(client, tableName, request, now))?.response,
});

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: OrdersDependencies | undefined;

export const ordersDependencies = (): OrdersDependencies => {
  if (!dependencies) {
    const client = documentClient();
    const tableName = loadConfig().TABLE_NAME;
    dependencies = {
      products: new DynamoDbProductRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids: ulidGenerator(),
    };
  }
  return dependencies;
};

export const useOrdersDependencies = (replacement: OrdersDependencies | undefined): void => {
  dependencies = replacement;
};
