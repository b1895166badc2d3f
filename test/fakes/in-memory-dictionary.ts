import type { DictionaryRepository } from '#functions/admin/dictionary/dictionary.ports';
import { inUseError } from '#functions/admin/dictionary/dictionary.rules';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { DICTIONARY_TYPES, defaultListOf, usageKey, type DictionaryList, type DictionarySnapshot, type DictionaryType } from '#shared/dictionary/dictionary';
import type { CodeUse, DictionarySource } from '#shared/dictionary/lookup';

/**
 * The dictionary in memory, with the same conditions as the DynamoDB store: the admin repository (replace is
 * refused on another version or when a removed code is marked used) and the validation source (a marker is
 * refused when its code is not active in the stored list).
 */
export class InMemoryDictionary implements DictionaryRepository, DictionarySource {
  readonly lists = new Map<DictionaryType, DictionaryList>();
  readonly used = new Map<string, { at: string; by: string }>();
  readonly audit: AuditEvent[] = [];
  loads = 0;
  markCalls: CodeUse[][] = [];

  private snapshotOf(types: readonly DictionaryType[]): DictionarySnapshot {
    const lists = new Map(types.map((type) => [type, structuredClone(this.lists.get(type) ?? defaultListOf(type))] as const));
    const used = new Set([...this.used.keys()].filter((key) => types.some((type) => key.startsWith(`${type}#`))));
    return { lists, used };
  }

  async read(type?: DictionaryType): Promise<DictionarySnapshot> {
    return this.snapshotOf(type ? [type] : DICTIONARY_TYPES);
  }

  async replace(next: DictionaryList, guard: { expectedVersion: number; removedCodes: readonly string[] }, audit: AuditEvent): Promise<void> {
    const stored = this.lists.get(next.type)?.version ?? 0;
    if (stored !== guard.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    const inUse = guard.removedCodes.filter((code) => this.used.has(usageKey(next.type, code)));
    if (inUse.length > 0) throw inUseError(next.type, inUse);
    this.lists.set(next.type, structuredClone(next));
    this.audit.push(audit);
  }

  async load(): Promise<DictionarySnapshot> {
    this.loads += 1;
    return this.read();
  }

  async markUsed(uses: readonly CodeUse[], marker: { at: string; by: string }): Promise<{ refused: CodeUse[] }> {
    this.markCalls.push([...uses]);
    const refused = uses.filter((use) => {
      const stored = this.lists.get(use.type);
      return stored !== undefined && !stored.entries.some((entry) => entry.code === use.code && entry.active);
    });
    if (refused.length > 0) return { refused };
    for (const use of uses) if (!this.used.has(usageKey(use.type, use.code))) this.used.set(usageKey(use.type, use.code), marker);
    return { refused: [] };
  }
}
