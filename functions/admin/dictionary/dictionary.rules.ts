import { DomainError, ErrorCode } from '#shared/core/errors';
import { usageKey, type DictionaryList, type DictionarySnapshot, type DictionaryType } from '#shared/dictionary/dictionary';
import type { DictionaryListView } from './dictionary.schema';

/** A list as the API shows it: with the codes records have used, in list order. */
export const viewOf = (list: DictionaryList, snapshot: DictionarySnapshot): DictionaryListView => ({
  ...list,
  entries: list.entries.map((entry) => ({ ...entry })),
  usedCodes: list.entries.filter((entry) => snapshot.used.has(usageKey(list.type, entry.code))).map((entry) => entry.code),
});

/** The most codes one replace may remove: each is a ConditionCheck, and a transaction holds at most 100 items. */
export const MAX_REMOVED_CODES_PER_REPLACE = 90;

export const inUseError = (type: DictionaryType, codes: readonly string[]): DomainError =>
  new DomainError(
    ErrorCode.DictionaryCodeInUse,
    `Records use ${codes.map((code) => `\`${code}\``).join(', ')} of ${type}: a used code cannot be removed; keep it with active: false instead.`,
    { errors: codes.map((code) => ({ path: 'body.entries', message: `\`${code}\` is in use and cannot be removed.` })) },
  );
