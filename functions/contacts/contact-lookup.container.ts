import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { systemClock } from '#shared/core/clock';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import { DynamoDbContactFeed } from './contact-feed.repository';
import { DynamoDbContactLookup } from './contact-lookup.repository';
import type { ContactLookupDependencies } from './find-contacts.use-case';
import type { ContactFeedDependencies } from './sync-contacts-feed.use-case';

/** Wires the real lookup once per process; tests may replace it. */
let dependencies: ContactLookupDependencies | undefined;

export const contactLookupDependencies = (): ContactLookupDependencies =>
  (dependencies ??= { lookup: new DynamoDbContactLookup(documentClient(), loadConfig().TABLE_NAME) });

export const useContactLookupDependencies = (replacement: ContactLookupDependencies | undefined): void => {
  dependencies = replacement;
};

let feedDependencies: ContactFeedDependencies | undefined;

/** The contacts delta feed across customers (sync-contacts-feed.use-case.ts). */
export const contactFeedDependencies = (): ContactFeedDependencies =>
  (feedDependencies ??= { feed: new DynamoDbContactFeed(documentClient(), loadConfig().TABLE_NAME), clock: systemClock, readGuard: customerReadGuard() });

export const useContactFeedDependencies = (replacement: ContactFeedDependencies | undefined): void => {
  feedDependencies = replacement;
};
