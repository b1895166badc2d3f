import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbIdempotencyStore } from './idempotency.repository';
import { DynamoDbOrderRepository } from './order.repository';
import type { OrdersDependencies } from './orders.dependencies';
import { DynamoDbProductRepository } from './product.repository';

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: OrdersDependencies | undefined;

export const ordersDependencies = (): OrdersDependencies => {
  if (!dependencies) {
    const client = documentClient();
    const tableName = loadConfig().TABLE_NAME;
    dependencies = {
      products: new DynamoDbProductRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: new DynamoDbIdempotencyStore(client, tableName),
      clock: systemClock,
      ids: ulidGenerator(),
    };
  }
  return dependencies;
};

export const useOrdersDependencies = (replacement: OrdersDependencies | undefined): void => {
  dependencies = replacement;
};
