import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DICTIONARY_TYPES,
  defaultListOf,
  isDictionaryType,
  usageKey,
  type DictionaryEntry,
  type DictionaryList,
  type DictionarySnapshot,
  type DictionaryType,
} from './dictionary';
import type { CodeUse, DictionarySource } from './lookup';
import { dictionaryKeys } from './dictionary.keys';
import { cancellationReasonsOf, withConflictRetry } from '#shared/db/transactions';

type Item = Record<string, unknown>;

/** The stored list: the entries, plus the active codes as a list that a transaction's condition can test. */
export const toDictionaryListItem = (list: DictionaryList): Item => ({
  ...dictionaryKeys.list(list.type),
  entity: 'DictionaryList',
  ...list,
  entries: list.entries.map((entry) => ({ code: entry.code, label: entry.label, active: entry.active })),
  activeCodes: list.entries.filter((entry) => entry.active).map((entry) => entry.code),
});

const LIST_FIELDS = ['type', 'entries', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;

export const fromDictionaryListItem = (item: Item): DictionaryList => {
  const list = Object.fromEntries(LIST_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as DictionaryList;
  return { ...list, entries: (item.entries as DictionaryEntry[]).map(({ code, label, active }) => ({ code, label, active })) };
};

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
      if (item.entity === 'DictionaryList') lists.set(item.type, fromDictionaryListItem(item));
      else if (item.entity === 'DictionaryCodeUse' && typeof item.code === 'string') used.add(usageKey(item.type, item.code));
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
      return {
        ConditionCheck: {
          TableName: this.tableName,
          Key: dictionaryKeys.list(type),
          ConditionExpression: `attribute_not_exists(#pk) OR (${codes.map((_, index) => `contains(#activeCodes, :c${index})`).join(' AND ')})`,
          ExpressionAttributeNames: { '#pk': 'pk', '#activeCodes': 'activeCodes' },
          ExpressionAttributeValues: Object.fromEntries(codes.map((code, index) => [`:c${index}`, code])),
        },
      };
    });
    const distinct = [...new Map(uses.map((use) => [usageKey(use.type, use.code), use])).values()];
    const markers = distinct.map((use) => ({
      Update: {
        TableName: this.tableName,
        Key: dictionaryKeys.used(use.type, use.code),
        UpdateExpression:
          'SET #entity = :entity, #type = :type, #code = :code, #firstUsedAt = if_not_exists(#firstUsedAt, :at), #firstUsedBy = if_not_exists(#firstUsedBy, :by)',
        ExpressionAttributeNames: { '#entity': 'entity', '#type': 'type', '#code': 'code', '#firstUsedAt': 'firstUsedAt', '#firstUsedBy': 'firstUsedBy' },
        ExpressionAttributeValues: { ':entity': 'DictionaryCodeUse', ':type': use.type, ':code': use.code, ':at': marker.at, ':by': marker.by },
      },
    }));
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: [...checks, ...markers] })));
      return { refused: [] };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      const refusedTypes = types.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      if (refusedTypes.length === 0) throw error;
      return { refused: uses.filter((use) => refusedTypes.includes(use.type)) };
    }
  }
}
