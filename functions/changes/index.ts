import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the changes function (issue 22, part 3): the change feed, `GET /v1/changes`. The feed is written by
 * the domain-event consumer (functions/events/record-change.use-case.ts); this function only reads it.
 */
export const handler = createFeatureHandler('changes', {
  listChanges: async () => (await import('./list-changes.handler')).listChangesHandler,
});
