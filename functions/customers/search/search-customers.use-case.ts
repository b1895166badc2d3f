import type { Caller } from '#shared/auth/caller';
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

const nameSearch = async (index: CustomerSearchIndex, q: string, ownerId: string | undefined, limit: number): Promise<{ found: Found[]; more: boolean }> => {
  const plan = nameQueryPlanOf(q);
  const none: HitPage = { hits: [], more: false };
  const [terms, prefixed] = await Promise.all([
    plan.term === undefined ? none : index.termHits('name', plan.term, { ownerId, nameContains: plan.text }),
    plan.namePrefix === undefined ? none : index.namePrefixHits(plan.namePrefix, { ownerId, limit }),
  ]);
  const found: Found[] = [];
  for (const hit of terms.hits) {
    const rank = nameRankOf(hit.nameKey, plan.text);
    if (rank) found.push({ hit, matchedBy: 'name', rank });
  }
  // The list index's key is a Latin name or a Chinese name's pinyin initials: a hit that does not start with the
  // query by name matched its initials.
  for (const hit of prefixed.hits) {
    const rank = nameRankOf(hit.nameKey, plan.text);
    found.push(rank ? { hit, matchedBy: 'name', rank } : { hit, matchedBy: 'pinyin', rank: 'prefix' });
  }
  return { found, more: terms.more || prefixed.more };
};

const lookup = async (
  index: CustomerSearchIndex,
  query: SearchCustomersQuery,
  ownerId: string | undefined,
): Promise<{ found: Found[]; more: boolean }> => {
  if (query.phone !== undefined) {
    const digits = phoneDigitsOf(query.phone);
    const page = await index.termHits('phone', phoneBucketOf(digits) ?? digits, { ownerId });
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
  const page = await index.termHits(kind, term, { ownerId });
  return { found: page.hits.map((hit) => ({ hit, matchedBy, rank: 'exact' })), more: page.more };
};

/**
 * Search customers by name (infix, Chinese and Latin, and pinyin initials) or look one up by phone, e-mail,
 * customer number or tax number.
 *
 * Primary course (name): the query's first n-gram names one term partition of the search index; its prefix-rank
 * and infix-rank items are read (two Queries in parallel, at most CANDIDATES_PER_READ each (customer-search.ports.ts), filtered to names that
 * contain the whole query); a query of letters and digits also reads the list index by prefix (pinyin initials:
 * `bjsy` finds 北京石油). Each customer is ranked exact > prefix > infix and the best `limit` are answered.
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
