import { systemClock } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { DynamoDbQuoteRepository } from '#functions/orders/quotes/quote.repository';
import { loadQuoteExpiryConfig } from './quote-expiry.config';
import type { QuoteExpiryDependencies } from './quote-expiry.use-case';

/** Wires the real dependencies once per process; tests and `npm run job:quotes` may replace them. */
let dependencies: QuoteExpiryDependencies | undefined;

export const quoteExpiryDependencies = (): QuoteExpiryDependencies => {
  if (!dependencies) {
    const config = loadQuoteExpiryConfig();
    const client = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
    dependencies = { quotes: new DynamoDbQuoteRepository(client, config.TABLE_NAME), clock: systemClock };
  }
  return dependencies;
};

export const useQuoteExpiryDependencies = (replacement: QuoteExpiryDependencies | undefined): void => {
  dependencies = replacement;
};
