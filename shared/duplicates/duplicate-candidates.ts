import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { DuplicateKey, DuplicateRule } from './duplicate-keys';
import type { AllowedDuplicate } from './duplicate-keys.writes';

/**
 * The duplicate rules every writer of a new or changed customer shares (customer create and update, the import's
 * rows, the customer a won opportunity creates): the write's policy, the candidates, the 409 that shows them.
 */

/**
 * How a write treats the duplicate index (docs/data-model.md, "Duplicate index"). `allow: false`: a key another
 * customer holds refuses the write with PossibleDuplicate (nothing written). `allow: true`: the customer joins its
 * keys anyway, and `pairs` (the candidates found before the write) are recorded as duplicate pairs. Absent: allowed,
 * no pairs (the repository's own callers: tests, seeds).
 */
export interface DuplicatePolicy {
  readonly allow: boolean;
  readonly pairs?: readonly AllowedDuplicate[];
}

/** A customer sharing a duplicate key with the one written, as the finder reads it. */
export interface DuplicateCandidate {
  readonly id: string;
  readonly customerNo: string;
  readonly name: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly matchedBy: readonly DuplicateRule[];
}

export interface DuplicateFinder {
  /** The live customers holding any of `keys` (without `excludeId`), each with the rules it matched; one read of the keys, one of the customers. */
  candidatesOf(keys: readonly DuplicateKey[], excludeId?: string): Promise<DuplicateCandidate[]>;
}


/** A candidate as the 409 shows it: only to a caller who may see that customer. */
export interface ShownCandidate {
  readonly id: string;
  readonly customerNo: string;
  readonly name: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly matchedBy: readonly DuplicateRule[];
}

/** At most this many candidates are described in one answer (the rest counted). */
export const MAX_SHOWN_CANDIDATES = 20;

const visibleTo = (caller: Caller, candidate: DuplicateCandidate): boolean => caller.scope === 'all' || candidate.ownerId === caller.username;

/**
 * 409 possible-duplicate: the candidates the caller may see (ids, names, the rules matched), and how many others
 * exist — an account manager learns that some other manager's customer matches, never which one.
 */
export const possibleDuplicate = (caller: Caller, candidates: readonly DuplicateCandidate[]): DomainError => {
  const visible = candidates.filter((candidate) => visibleTo(caller, candidate));
  const shown: ShownCandidate[] = visible.slice(0, MAX_SHOWN_CANDIDATES).map(({ id, customerNo, name, ownerId, ownerName, matchedBy }) => ({ id, customerNo, name, ownerId, ownerName, matchedBy }));
  const hidden = candidates.length - shown.length;
  return new DomainError(
    ErrorCode.PossibleDuplicate,
    `The customer matches ${candidates.length} existing customer(s) by name, phone, e-mail domain or tax number; send it again with ?allowDuplicate=true to keep both.`,
    { extensions: { candidates: shown, hiddenCandidates: hidden } },
  );
};

/** The candidates a PossibleDuplicate problem shows (the import decides on them). */
export const shownCandidatesOf = (error: DomainError): readonly ShownCandidate[] =>
  (error.details.extensions?.candidates as readonly ShownCandidate[] | undefined) ?? [];

export const isPossibleDuplicate = (error: unknown): error is DomainError => error instanceof DomainError && error.code === ErrorCode.PossibleDuplicate;

/** The pairs an allowed duplicate records. */
export const pairsOf = (candidates: readonly DuplicateCandidate[]): AllowedDuplicate[] =>
  candidates.map((candidate) => ({ customerId: candidate.id, rules: candidate.matchedBy }));
