import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import type { Stage } from '#functions/opportunities/opportunity/stages';
import { PINNED_NOW } from './customer-test-kit';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { InMemoryOpportunityRepository } from './in-memory-opportunity.repository';

export { callers, PINNED_NOW } from './customer-test-kit';

/** Opportunity use-case dependencies with a movable clock, seeded ids and in-memory storage. */
export const opportunityTestKit = (seed = 7) => {
  const opportunities = new InMemoryOpportunityRepository();
  /** The custom-field definitions the use cases see; a test pushes the ones it is about. */
  const customFieldDefinitions: CustomFieldDefinition[] = [];
  /** The opportunity-stages list the use cases see (the built-in one); a test may replace its entries. */
  const stages: Stage[] = [...DEFAULT_DICTIONARY['opportunity-stages']];
  let now = PINNED_NOW;
  const clock: Clock = { now: () => now };
  const deps: OpportunityDependencies = {
    opportunities,
    directory: fakeUserDirectory(DEMO_DIRECTORY),
    clock,
    ids: ulidGenerator(seededRandom(seed)),
    duplicates: opportunities.duplicateFinder(),
    customFields: { definitionsOf: async (entityType) => customFieldDefinitions.filter((definition) => definition.entityType === entityType) },
    stages: { stages: async () => stages },
  };
  return {
    deps,
    opportunities,
    customFieldDefinitions,
    stages,
    /** Moves the pinned clock forward. */
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
};

/** A valid create body; override what the test is about. */
export const newOpportunityInput = (overrides: Record<string, unknown> = {}) => ({
  prospectName: '苏州新材料科技有限公司',
  summary: 'Needs 500 t of steel sheet per quarter',
  successRate: 40,
  source: 'trade-show',
  contactName: '刘洋 Liu Yang',
  contactPhone: '+86 139 1234 5678',
  estimatedAmount: { amount: 2_000_000, currency: 'CNY' },
  ...overrides,
});
