import type { AuditEvent } from '#shared/audit/audit';
import type { Clock } from '#shared/core/clock';
import type { DictionaryList, DictionarySnapshot, DictionaryType } from '#shared/dictionary/dictionary';

/** The domain side of the dictionary administration: what its use cases need from storage, free of AWS types. */
export interface DictionaryRepository {
  /** Every list (defaults for types never replaced) and every used code: strongly consistent. */
  read(type?: DictionaryType): Promise<DictionarySnapshot>;
  /**
   * Stores `next` if the stored version is still `expectedVersion` (0: none stored) and none of `removedCodes` has
   * been used meanwhile, with the audit entry, in one transaction. Refusals: VersionConflict (412),
   * DictionaryCodeInUse (409).
   */
  replace(next: DictionaryList, guard: { expectedVersion: number; removedCodes: readonly string[] }, audit: AuditEvent): Promise<void>;
}

export interface DictionaryDependencies {
  readonly dictionary: DictionaryRepository;
  readonly clock: Clock;
  /** Drops this container's validation cache after a change (shared/dictionary/dictionary.container.ts). */
  readonly afterChange: () => void;
}
