import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import type { QuotesDependencies } from './quote.ports';
import { DynamoDbQuoteRepository } from './quote.repository';

/** Wires the real dependencies of the quote routes once per process; tests and the bench may replace them. */
let dependencies: QuotesDependencies | undefined;

export const quotesDependencies = (): QuotesDependencies => {
  if (!dependencies) {
    const client = documentClient();
    const tableName = loadConfig().TABLE_NAME;
    dependencies = {
      quotes: new DynamoDbQuoteRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids: ulidGenerator(),
    };
  }
  return dependencies;
};

export const useQuotesDependencies = (replacement: QuotesDependencies | undefined): void => {
  dependencies = replacement;
};
