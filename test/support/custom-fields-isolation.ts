import { customFieldDependencies, useCustomFieldDependencies } from '#functions/admin/custom-fields/custom-field.container';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { customFieldSource, useCustomFieldSource } from '#shared/custom-fields/custom-fields.container';

/**
 * Custom-field definitions are global: one required customer field makes every customer create without it a 400.
 * The test files run in parallel against ONE table, and the fuzz suite creates (and PATCHes) definitions with
 * whatever its generators pick — `required: true` included. So in a test process the handlers see only the
 * definitions this process created (the ids it wrote): what one file defines never reaches another's writes, and
 * the 50-per-type limit counts per file. Everything else is real (DynamoDB Local, the real repositories); only
 * the visibility of the definitions is narrowed. Called by `startTestGateway` (test/support/e2e.ts).
 */
const own = new Set<string>();

/**
 * Hides every definition this process created so far. The fuzz suite calls it after each route: what it generated
 * for the custom-field routes (required fields among them) must not refuse the creates of the routes fuzzed after.
 */
export const forgetCustomFields = (): void => own.clear();

/**
 * `dropCount`: removes the type's definition-count item (shared/custom-fields/custom-field.keys.ts) before a create, so
 * the create counts from the definitions this process sees — the global count would make the limit global across
 * files. (The limit under concurrency is tested on a table of its own: test/int/custom-field.repository.int.test.ts.)
 */
export const isolateCustomFields = (dropCount: (entityType: CustomFieldDefinition['entityType']) => Promise<void>): void => {
  const mine = (definitions: CustomFieldDefinition[]) => definitions.filter((definition) => own.has(definition.id));
  const real = customFieldDependencies();
  useCustomFieldDependencies({
    ...real,
    fields: {
      list: async (entityType) => mine(await real.fields.list(entityType)),
      get: (id) => real.fields.get(id),
      create: async (field, audit, countRead, idempotency) => {
        own.add(field.id);
        await dropCount(field.entityType);
        const outcome = await real.fields.create(field, audit, countRead, idempotency);
        own.add(outcome.field.id);
        return outcome;
      },
      update: (next, expectedVersion, audit) => real.fields.update(next, expectedVersion, audit),
    },
  });
  const source = customFieldSource();
  useCustomFieldSource({ definitionsOf: async (entityType) => mine(await source.definitionsOf(entityType)) });
};
