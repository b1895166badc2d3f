import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DICTIONARY_TYPES,
  defaultListOf,
  isDictionaryType,
  usageKey,
  type DictionaryList,
  type DictionarySnapshot,
  type DictionaryType,
} from './dictionary';
import type { CodeUse, DictionarySource } from './lookup';
import { dictionaryKeys } from './dictionary.keys';
import { dictionaryListEntity } from './dictionary-list.entity';
import { dictionaryCodeUseEntity } from './dictionary-code-use.entity';
import { part, refusedParts, withConflictRetry } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';

/**
 * Reads the whole dictionary (or one type of it) in one strongly consistent Query, paging if ever needed: the
 * lists, with the built-in defaults for the types never replaced, and the used markers.
 */
export const readDictionary = async (client: DynamoDBDocumentClient, tableName: string, type?: DictionaryType): Promise<DictionarySnapshot> => {
  const lists = new Map<DictionaryType, DictionaryList>();
  const used = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: type ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk', ...(type ? { '#sk': 'sk' } : {}) },
        ExpressionAttributeValues: { ':pk': dictionaryKeys.partition, ...(type ? { ':prefix': dictionaryKeys.typePrefix(type) } : {}) },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.type !== 'string' || !isDictionaryType(item.type)) continue;
      if (item.entity === dictionaryListEntity.name) lists.set(item.type, dictionaryListEntity.fromItem(item));
      else if (item.entity === dictionaryCodeUseEntity.name && typeof item.code === 'string') used.add(usageKey(item.type, item.code));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  for (const candidate of type ? [type] : DICTIONARY_TYPES) if (!lists.has(candidate)) lists.set(candidate, defaultListOf(candidate));
  return { lists, used };
};

/** The dictionary as the validation cache reads and marks it (shared/dictionary/lookup.ts). */
export class DynamoDbDictionarySource implements DictionarySource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  load(): Promise<DictionarySnapshot> {
    return readDictionary(this.client, this.tableName);
  }

  /**
   * One transaction: per type, a ConditionCheck that each code is still active in the stored list (or that no
   * list is stored: then the built-in defaults apply, which the caller checked); then one idempotent marker per
   * code. It serialises with an administrator's replace (which checks the markers of the codes it removes), so
   * either the marker lands first and the removal is refused, or the removal lands first and this is refused.
   */
  async markUsed(uses: readonly CodeUse[], marker: { at: string; by: string }): Promise<{ refused: CodeUse[] }> {
    const types = [...new Set(uses.map((use) => use.type))];
    const checks = types.map((type) => {
      const codes = [...new Set(uses.filter((use) => use.type === type).map((use) => use.code))];
      return part(`list:${type}`, {
        ConditionCheck: {
          TableName: this.tableName,
          Key: dictionaryKeys.list(type),
          ConditionExpression: `attribute_not_exists(#pk) OR (${codes.map((_, index) => `contains(#activeCodes, :c${index})`).join(' AND ')})`,
          ExpressionAttributeNames: { '#pk': 'pk', '#activeCodes': 'activeCodes' },
          ExpressionAttributeValues: Object.fromEntries(codes.map((code, index) => [`:c${index}`, code])),
        },
      });
    });
    const distinct = [...new Map(uses.map((use) => [usageKey(use.type, use.code), use])).values()];
    // Idempotent: the first use's instant and user stay, a later use only rewrites what it already says.
    const markers = distinct.map((use) =>
      part(
        'marker',
        plainUpdate(this.tableName, dictionaryCodeUseEntity.keyOf({ type: use.type, code: use.code, firstUsedAt: marker.at, firstUsedBy: marker.by }), {
          set: { entity: dictionaryCodeUseEntity.name, type: use.type, code: use.code },
          setIfMissing: { firstUsedAt: marker.at, firstUsedBy: marker.by },
        }),
      ),
    );
    const sent = [...checks, ...markers];
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
      return { refused: [] };
    } catch (error) {
      const refused = refusedParts(error, sent);
      const refusedTypes = types.filter((type) => refused?.has(`list:${type}`));
      if (refusedTypes.length === 0) throw error;
      return { refused: uses.filter((use) => refusedTypes.includes(use.type)) };
    }
  }
}
