import type { Caller } from '#shared/auth/caller';
import { searchPrefixOf } from '#shared/core/search-key';
import { compareRanks, nameQueryPlanOf, nameRankOf, normalizeCode, normalizeEmail, phoneBucketOf, phoneDigitsOf, phoneRankOf, type MatchRank } from '#shared/search/search-text';
import { type CustomerSearchIndex, type HitPage, type SearchHit } from './customer-search.ports';
import type { CustomerSearchItem, SearchCustomersQuery } from './customer-search.schema';

export interface CustomerSearchDependencies {
  readonly index: CustomerSearchIndex;
}

type Found = { hit: SearchHit; matchedBy: CustomerSearchItem['matchedBy']; rank: MatchRank };

const toItem = ({ hit, matchedBy, rank }: Found): CustomerSearchItem => ({
  id: hit.customerId,
  customerNo: hit.customerNo,
  name: hit.name,
  ownerId: hit.ownerId,
  ownerName: hit.ownerName,
  matchedBy,
  rank,
});

/** Keeps each customer's best match, best first (then by name), at most `limit`. */
export const rankFound = (found: Found[], limit: number): { items: CustomerSearchItem[]; dropped: boolean } => {
  const best = new Map<string, Found>();
  for (const candidate of found) {
    const known = best.get(candidate.hit.customerId);
    if (!known || compareRanks(candidate.rank, known.rank) < 0) best.set(candidate.hit.customerId, candidate);
  }
  const ordered = [...best.values()].sort(
    (a, b) => compareRanks(a.rank, b.rank) || a.hit.nameKey.length - b.hit.nameKey.length || (a.hit.nameKey < b.hit.nameKey ? -1 : a.hit.nameKey > b.hit.nameKey ? 1 : 0),
  );
  return { items: ordered.slice(0, limit).map(toItem), dropped: ordered.length > limit };
};

const NONE: HitPage = { hits: [], more: false };

const nameSearch = async (index: CustomerSearchIndex, q: string, ownerId: string | undefined, limit: number): Promise<{ found: Found[]; more: boolean }> => {
  const plan = nameQueryPlanOf(q);
  const scope = { ownerId };
  // The list index by prefix: a Latin query is a prefix of Latin names and of pinyin initials (bjsy → 北京石油);
  // an account manager's Chinese query also reads their own list by its initials (their prefix matches are complete
  // even when other owners' names crowd the term partition). A polyphonic first character gives no initials: skipped.
  const listed = plan.namePrefix !== undefined ? { keyPrefix: plan.namePrefix } : ownerId !== undefined ? searchPrefixOf(q) : undefined;
  const [starting, containing, prefixed] = await Promise.all([
    plan.prefixTerm === undefined ? NONE : index.namesStartingWith(plan.prefixTerm, plan.text, scope),
    plan.infixTerm === undefined ? NONE : index.namesContaining(plan.infixTerm, plan.text, scope),
    listed === undefined || listed.keyPrefix === '' ? NONE : index.listPrefix(listed, { ownerId, limit }),
  ]);
  const found: Found[] = [];
  for (const hit of [...starting.hits, ...containing.hits]) {
    const rank = nameRankOf(hit.nameKey, plan.text);
    if (rank) found.push({ hit, matchedBy: 'name', rank });
  }
  // A hit of the list index that does not start with the query by name matched its initials.
  for (const hit of prefixed.hits) {
    const rank = nameRankOf(hit.nameKey, plan.text);
    found.push(rank ? { hit, matchedBy: 'name', rank } : { hit, matchedBy: 'pinyin', rank: 'prefix' });
  }
  return { found, more: starting.more || containing.more || prefixed.more };
};

const lookup = async (
  index: CustomerSearchIndex,
  query: SearchCustomersQuery,
  ownerId: string | undefined,
): Promise<{ found: Found[]; more: boolean }> => {
  if (query.phone !== undefined) {
    const digits = phoneDigitsOf(query.phone);
    const page = await index.lookup('phone', phoneBucketOf(digits) ?? digits, { ownerId });
    const found = page.hits.flatMap((hit): Found[] => {
      const rank = hit.value === undefined ? undefined : phoneRankOf(hit.value, digits);
      return rank ? [{ hit, matchedBy: 'phone', rank }] : [];
    });
    return { found, more: page.more };
  }
  const [kind, term, matchedBy] =
    query.email !== undefined
      ? (['email', normalizeEmail(query.email), 'email'] as const)
      : query.customerNo !== undefined
        ? (['no', normalizeCode(query.customerNo), 'customerNo'] as const)
        : (['tax', normalizeCode(query.taxNo ?? ''), 'taxNo'] as const);
  const page = await index.lookup(kind, term, { ownerId });
  return { found: page.hits.map((hit) => ({ hit, matchedBy, rank: 'exact' })), more: page.more };
};

/**
 * Search customers by name (infix, Chinese and Latin, and pinyin initials) or look one up by phone, e-mail,
 * customer number or tax number.
 *
 * Primary course (name), Queries in parallel, each bounded by CANDIDATES_PER_READ (customer-search.ports.ts):
 * - the names that START with the query: the partition of its first n-gram, whose names-at-start sort by name, so
 *   the key condition selects exactly them (exact and prefix matches, complete up to the bound);
 * - the names that CONTAIN it: the partition of its first uncommon n-gram (not 有限, 公司 …), filtered to names that
 *   contain the whole query;
 * - a query without Han characters: the list index by prefix too (pinyin initials: `bjsy` finds 北京石油).
 * Each customer is ranked exact > prefix > infix and the best `limit` are answered.
 *
 * Primary course (lookup): one Query of the value's term partition (a phone's: its last 4 digits, then the query
 * must be the whole number or its tail).
 *
 * Rule: an account manager only ever finds their own customers — the owner is part of every term's sort key, so
 * their Queries read only their own items (shared/search/search.keys.ts); everyone else finds all.
 * Archived customers have no terms and are on no list index: never found.
 *
 * Alternate: more matches than `limit`, or more candidates than were read → `truncated: true` (refine the query).
 * The answer names customers (number, name, owner) without disclosing their records; like the order and service
 * lists it is not charged to the read guard (docs/data-model.md, "Customer read guard").
 */
export const searchCustomers = async (
  deps: CustomerSearchDependencies,
  request: { caller: Caller; query: SearchCustomersQuery },
): Promise<{ items: CustomerSearchItem[]; truncated: boolean }> => {
  const { caller, query } = request;
  const ownerId = caller.scope === 'own' ? caller.username : undefined;
  const { found, more } = query.q !== undefined ? await nameSearch(deps.index, query.q, ownerId, query.limit) : await lookup(deps.index, query, ownerId);
  const { items, dropped } = rankFound(found, query.limit);
  return { items, truncated: more || dropped };
};
