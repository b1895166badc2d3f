import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { defaultListOf, usageKey, type DictionarySnapshot, type DictionaryType } from './dictionary';

/**
 * Validating record input against the data dictionary, cheaply (docs/data-model.md, "Data dictionary"). No AWS
 * import: the DynamoDB source is injected (shared/dictionary/dictionary-lists.repository.ts), fakes in unit tests.
 */

/** One code a request wants to store: which list it must come from, and where it is in the input. */
export interface CodeUse {
  readonly type: DictionaryType;
  readonly code: string;
  /** The input path reported on refusal, e.g. `body.region`. */
  readonly path: string;
}

export interface DictionarySource {
  /** Every list (built-in defaults for the types never replaced) and every used code, in one read. */
  load(): Promise<DictionarySnapshot>;
  /**
   * Records that these codes are used, on condition that each is still an active code of its list (one
   * transaction). Answers the uses it refused because the list changed since it was read.
   */
  markUsed(uses: readonly CodeUse[], marker: { at: string; by: string }): Promise<{ refused: CodeUse[] }>;
}

/** How stale a container's view of the dictionary may be: 60 s (the staleness bound documented for clients). */
export const DICTIONARY_CACHE_TTL_MS = 60_000;

/**
 * A per-container copy of the dictionary, reloaded when older than the TTL. A write in this process invalidates
 * it at once (`invalidate`); other containers see a change within the TTL. Concurrent requests share one load.
 */
export class DictionaryCache {
  private current: { snapshot: DictionarySnapshot; loadedAt: number } | undefined;
  private loading: Promise<DictionarySnapshot> | undefined;
  /** Codes this container marked used since its last load (the snapshot is immutable). */
  private readonly markedHere = new Set<string>();

  constructor(
    readonly source: DictionarySource,
    private readonly ttlMs = DICTIONARY_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async snapshot(): Promise<DictionarySnapshot> {
    if (this.current && this.now() - this.current.loadedAt < this.ttlMs) return this.current.snapshot;
    this.loading ??= this.source
      .load()
      .then((snapshot) => {
        this.current = { snapshot, loadedAt: this.now() };
        this.markedHere.clear();
        return snapshot;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  isUsed(snapshot: DictionarySnapshot, type: DictionaryType, code: string): boolean {
    const key = usageKey(type, code);
    return snapshot.used.has(key) || this.markedHere.has(key);
  }

  noteUsed(uses: readonly CodeUse[]): void {
    for (const use of uses) this.markedHere.add(usageKey(use.type, use.code));
  }

  invalidate(): void {
    this.current = undefined;
    this.markedHere.clear();
  }
}

const refusal = (errors: FieldError[]): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

/**
 * Refuses (400, one error per offending field, like any validation error) codes that are not active codes of
 * their list; then marks the codes no record has used yet as used, before the record is written — so a code that
 * reaches a record can never be removed from its list, even by an administrator racing this request.
 */
export const checkCodes = async (cache: DictionaryCache, uses: readonly CodeUse[], marker: { at: string; by: string }): Promise<void> => {
  if (uses.length === 0) return;
  const snapshot = await cache.snapshot();
  const errors: FieldError[] = [];
  for (const use of uses) {
    const list = snapshot.lists.get(use.type) ?? defaultListOf(use.type);
    const entry = list.entries.find((candidate) => candidate.code === use.code);
    if (!entry) errors.push({ path: use.path, message: `Unknown code \`${use.code}\`: not in the ${use.type} list (GET /v1/dictionary/${use.type}).` });
    else if (!entry.active) errors.push({ path: use.path, message: `The code \`${use.code}\` of ${use.type} is inactive: no longer accepted for new input.` });
  }
  if (errors.length > 0) throw refusal(errors);

  const fresh = uses.filter((use) => !cache.isUsed(snapshot, use.type, use.code));
  if (fresh.length === 0) return;
  const { refused } = await cache.source.markUsed(fresh, marker);
  if (refused.length > 0) {
    // The list changed after this container read it: read it again next time.
    cache.invalidate();
    throw refusal(refused.map((use) => ({ path: use.path, message: `The code \`${use.code}\` was just removed or deactivated from the ${use.type} list.` })));
  }
  cache.noteUsed(fresh);
};

/**
 * For filters (`?type=`, `?level=` …): refuses codes that are not in their list at all (a typo should not look like
 * an empty result), accepts inactive ones (old records still carry them) and marks nothing (a filter stores nothing).
 */
export const checkKnownCodes = async (cache: DictionaryCache, uses: readonly CodeUse[]): Promise<void> => {
  if (uses.length === 0) return;
  const snapshot = await cache.snapshot();
  const errors = uses
    .filter((use) => !(snapshot.lists.get(use.type) ?? defaultListOf(use.type)).entries.some((entry) => entry.code === use.code))
    .map((use) => ({ path: use.path, message: `Unknown code \`${use.code}\`: not in the ${use.type} list (GET /v1/dictionary/${use.type}).` }));
  if (errors.length > 0) throw refusal(errors);
};
