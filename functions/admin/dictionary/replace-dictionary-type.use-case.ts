import type { Caller } from '#shared/auth/caller';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { defaultListOf, NUMERIC_DICTIONARY_TYPES, PROBABILITY_DICTIONARY_TYPES, usageKey, type DictionaryEntry, type DictionaryList, type DictionaryType } from '#shared/dictionary/dictionary';
import type { DictionaryDependencies } from './dictionary.ports';
import { inUseError, MAX_REMOVED_CODES_PER_REPLACE, viewOf } from './dictionary.rules';
import type { DictionaryListView, ReplaceDictionaryInput } from './dictionary.schema';

/** An entry list as a record keyed by code, so that the audit entry shows one field change per code. */
const byCode = (
  entries: readonly DictionaryEntry[],
): Record<string, { label: string; active: boolean; days?: number; leadDays?: number; probability?: number }> =>
  Object.fromEntries(
    entries.map((entry) => [
      entry.code,
      {
        label: entry.label,
        active: entry.active,
        ...(entry.days === undefined ? {} : { days: entry.days }),
        ...(entry.leadDays === undefined ? {} : { leadDays: entry.leadDays }),
        ...(entry.probability === undefined ? {} : { probability: entry.probability }),
      },
    ]),
  );

/**
 * Numeric values belong to NUMERIC_DICTIONARY_TYPES only, and each of their entries needs both, `leadDays` below
 * `days`: else 400 naming the entry's field.
 */
const checkNumericValues = (type: DictionaryType, entries: readonly Pick<DictionaryEntry, 'days' | 'leadDays' | 'probability'>[]): void => {
  const numeric = NUMERIC_DICTIONARY_TYPES.includes(type);
  const weighted = PROBABILITY_DICTIONARY_TYPES.includes(type);
  const errors: { path: string; message: string }[] = [];
  entries.forEach((entry, index) => {
    if (weighted && entry.probability === undefined) errors.push({ path: `body.entries.${index}.probability`, message: `Required in ${type}.` });
    if (!weighted && entry.probability !== undefined) {
      errors.push({ path: `body.entries.${index}.probability`, message: 'Only opportunity-stages entries carry probability.' });
    }
    for (const field of ['days', 'leadDays'] as const) {
      if (numeric && entry[field] === undefined) errors.push({ path: `body.entries.${index}.${field}`, message: `Required in ${type}.` });
      if (!numeric && entry[field] !== undefined) errors.push({ path: `body.entries.${index}.${field}`, message: `Only care-rules entries carry ${field}.` });
    }
    if (numeric && entry.days !== undefined && entry.leadDays !== undefined && entry.leadDays >= entry.days) {
      errors.push({ path: `body.entries.${index}.leadDays`, message: 'Must be less than days.' });
    }
  });
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
};

/**
 * Replace one type's list (administrators).
 *
 * Primary course:
 * 1. Read the stored list and its used codes (consistent); its version must be the one the caller read (If-Match;
 *    0 for the built-in list).
 * 2. Entries may be relabelled, reordered, deactivated or added; a removed code must never have been used.
 * 3. The list (version + 1) and the audit entry (one field change per code) are written in one transaction that
 *    also re-checks the version and that no removed code got used meanwhile.
 * 4. This container's validation cache is dropped, so its next check sees the new list (others: within 60 s).
 *
 * Alternates: another version → VersionConflict (412); a removed code in use → DictionaryCodeInUse (409) naming
 * the codes; more than 90 removals at once → ValidationFailed (400); nothing is written in any of them.
 */
export const replaceDictionaryType = async (
  deps: DictionaryDependencies,
  request: { caller: Caller; type: DictionaryType; input: ReplaceDictionaryInput; expectedVersion: number },
): Promise<DictionaryListView> => {
  const { caller, type, input, expectedVersion } = request;
  const snapshot = await deps.dictionary.read(type);
  const current = snapshot.lists.get(type) ?? defaultListOf(type);
  if (current.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `The ${type} list has changed since you read it (now version ${current.version}); read it again.`);
  }
  checkNumericValues(type, input.entries);
  const kept = new Set(input.entries.map((entry) => entry.code));
  const removedCodes = current.entries.map((entry) => entry.code).filter((code) => !kept.has(code));
  const inUse = removedCodes.filter((code) => snapshot.used.has(usageKey(type, code)));
  if (inUse.length > 0) throw inUseError(type, inUse);
  if (removedCodes.length > MAX_REMOVED_CODES_PER_REPLACE) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', {
      errors: [{ path: 'body.entries', message: `Removes ${removedCodes.length} codes; at most ${MAX_REMOVED_CODES_PER_REPLACE} per request.` }],
    });
  }

  const at = deps.clock.now().toISOString();
  const next: DictionaryList = {
    type,
    entries: input.entries.map(({ code, label, active, days, leadDays, probability }) => ({
      code, label, active, ...(days === undefined ? {} : { days }), ...(leadDays === undefined ? {} : { leadDays }),
      ...(probability === undefined ? {} : { probability }),
    })),
    version: current.version + 1,
    createdAt: current.createdAt ?? at,
    createdBy: current.createdBy ?? caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.dictionary.replace(
    next,
    { expectedVersion, removedCodes },
    {
      at,
      actor: caller.username,
      action: 'update',
      entityType: 'dictionary',
      entityId: type,
      entityVersion: next.version,
      changes: changesBetween(byCode(current.entries), byCode(next.entries)),
    },
  );
  deps.afterChange();
  return viewOf(next, snapshot);
};
