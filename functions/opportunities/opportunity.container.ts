import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { OpportunityDependencies } from './opportunity.dependencies';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: OpportunityDependencies | undefined;

export const opportunityDependencies = (): OpportunityDependencies =>
  (dependencies ??= {
    opportunities: new DynamoDbOpportunityRepository(documentClient(), loadConfig().TABLE_NAME),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
    duplicates: new DynamoDbDuplicateFinder(documentClient(), loadConfig().TABLE_NAME),
    // Looked up per call, so a test's replaced source (useCustomFieldSource) is the one asked.
    customFields: { definitionsOf: (entityType) => customFieldSource().definitionsOf(entityType) },
    // The container's dictionary cache (≤ 60 s stale), the one the handlers' code checks read.
    stages: { stages: async () => (await dictionaryCache().snapshot()).lists.get('opportunity-stages')?.entries ?? DEFAULT_DICTIONARY['opportunity-stages'] },
  });

export const useOpportunityDependencies = (replacement: OpportunityDependencies | undefined): void => {
  dependencies = replacement;
};
