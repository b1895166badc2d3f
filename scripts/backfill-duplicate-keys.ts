/**
 * `npm run backfill:duplicate-keys`: files customers written before the duplicate index under their keys and records
 * the candidate pairs they form (functions/jobs/duplicate-key-backfill.ts: no Scan, one BatchGetItem per customer and
 * one conditional transaction per customer out of step, safe while the API writes, re-runnable). Target and
 * `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillDuplicateKeys } = await import('#functions/jobs/duplicate-key-backfill');
  return backfillDuplicateKeys(client, tableName, { ownerId });
});
