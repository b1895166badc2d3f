import type { Caller } from '#shared/auth/caller';
import { customerVisibleTo } from '#shared/customer-records/customer-head';
import { compareRanks, normalizeEmail, phoneBucketOf, phoneDigitsOf, phoneRankOf, type MatchRank } from '#shared/search/search-text';
import type { ContactCandidate, ContactLookup } from './contact-lookup.ports';
import type { ContactLookupItem, FindContactsQuery } from './contact-lookup.schema';
import { withPrimaryFlag } from './contact.rules';

export interface ContactLookupDependencies {
  readonly lookup: ContactLookup;
}

/**
 * Find contacts across customers by phone or e-mail (caller ID: "who is calling from 138 0013 8000?").
 *
 * Primary course: one Query of the term partition (a phone's last 4 digits, or the e-mail), kept to the numbers
 * the query is the whole of or the tail of; then ONE batch read of those contacts and their customers; each
 * contact whose customer the caller may see (not archived; an account manager's own) is answered with its
 * customer's number, name and owner — exact matches first.
 *
 * Rule: the term items carry no owner (a transfer would have to move every contact's terms), so the scope is
 * judged on the customers read in the second request: an account manager never sees another owner's contact.
 *
 * Alternate: more matches than `limit` or candidates than were read → `truncated: true`.
 */
export const findContacts = async (
  deps: ContactLookupDependencies,
  request: { caller: Caller; query: FindContactsQuery },
): Promise<{ items: ContactLookupItem[]; truncated: boolean }> => {
  const { caller, query } = request;
  const byPhone = query.phone !== undefined;
  const digits = byPhone ? phoneDigitsOf(query.phone ?? '') : '';
  const email = query.email === undefined ? '' : normalizeEmail(query.email);
  const { candidates, more } = byPhone
    ? await deps.lookup.candidates('cphone', phoneBucketOf(digits) ?? digits)
    : await deps.lookup.candidates('cemail', email);
  const ranked = new Map<string, { candidate: ContactCandidate; rank: MatchRank }>();
  for (const candidate of candidates) {
    const rank = byPhone ? phoneRankOf(candidate.value, digits) : candidate.value === email ? 'exact' : undefined;
    const known = ranked.get(candidate.contactId);
    if (rank && (!known || compareRanks(rank, known.rank) < 0)) ranked.set(candidate.contactId, { candidate, rank });
  }
  const ordered = [...ranked.values()].sort((a, b) => compareRanks(a.rank, b.rank));
  // Read a few more than asked: some may be out of the caller's scope.
  const wanted = ordered.slice(0, Math.min(50, query.limit * 2));
  if (wanted.length === 0) return { items: [], truncated: more };
  const { customers, contacts } = await deps.lookup.load(wanted.map((entry) => entry.candidate));
  const items: ContactLookupItem[] = [];
  for (const { candidate, rank } of wanted) {
    const customer = customers.get(candidate.customerId);
    const contact = contacts.get(candidate.contactId);
    if (!contact || !customerVisibleTo(caller, customer)) continue;
    items.push({
      contact: withPrimaryFlag(contact, customer),
      customer: { id: customer.id, customerNo: customer.customerNo, name: customer.name, ownerId: customer.ownerId, ownerName: customer.ownerName },
      matchedBy: byPhone ? 'phone' : 'email',
      rank,
    });
  }
  return { items: items.slice(0, query.limit), truncated: more || items.length > query.limit || ordered.length > wanted.length };
};
