import { logger } from '#shared/core/logger';
import { loadQuoteExpiryConfig } from './quote-expiry.config';
import { quoteExpiryDependencies } from './quote-expiry.container';
import { expireQuotes, type QuoteExpiryRun } from './quote-expiry.use-case';

// Fail the cold start, not the run, when the environment is incomplete.
loadQuoteExpiryConfig();

/**
 * Lambda entry of the daily quote expiry (EventBridge Scheduler → this function, asynchronously). Throws on any
 * failure so that Lambda retries the run (re-runnable: expired quotes are off the index) and, when the retries are
 * spent, the event is dead-lettered.
 */
export const handler = async (): Promise<QuoteExpiryRun> => {
  try {
    const run = await expireQuotes(quoteExpiryDependencies(), { maxPerRun: loadQuoteExpiryConfig().QUOTE_EXPIRY_MAX_PER_RUN });
    logger.info('quotes expired', { ...run });
    return run;
  } catch (error) {
    logger.error('quote expiry failed', { errorName: (error as Error | undefined)?.name, error: error as Error });
    throw error;
  }
};
