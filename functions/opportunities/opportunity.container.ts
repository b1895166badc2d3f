import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { OpportunityDependencies } from './opportunity.dependencies';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: OpportunityDependencies | undefined;

export const opportunityDependencies = (): OpportunityDependencies =>
  (dependencies ??= {
    opportunities: new DynamoDbOpportunityRepository(documentClient(), loadConfig().TABLE_NAME),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useOpportunityDependencies = (replacement: OpportunityDependencies | undefined): void => {
  dependencies = replacement;
};
