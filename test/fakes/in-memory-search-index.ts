import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { customerSearchTermsOf } from '#shared/search/search-terms.writes';
import { searchKeys, type CustomerTermKind, type TermRank } from '#shared/search/search.keys';
import { CANDIDATES_PER_READ, type CustomerSearchIndex, type HitPage, type SearchHit } from '#functions/customers/search/customer-search.ports';
import type { InMemoryCustomerRepository } from './in-memory-customer.repository';

/**
 * The search index over an in-memory customer repository: the terms are derived from the customers as they are
 * now (shared/search/search-terms.writes.ts — the very function the DynamoDB writes use), read in key order with
 * the same bounded page per rank as the DynamoDB index.
 */
export class InMemoryCustomerSearchIndex implements CustomerSearchIndex {
  reads = 0;

  constructor(
    private readonly customers: InMemoryCustomerRepository,
    private readonly perRead = CANDIDATES_PER_READ,
  ) {}

  private termItems() {
    return [...this.customers.customers.values()].flatMap((customer) => customerSearchTermsOf(customer)).map(customerSearchTermEntity.toItem);
  }

  async termHits(kind: CustomerTermKind, term: string, options: { ownerId?: string | undefined; nameContains?: string | undefined }): Promise<HitPage> {
    const ranks: TermRank[] = kind === 'name' ? ['0', '1'] : ['0'];
    const all = this.termItems();
    let more = false;
    const hits: SearchHit[] = [];
    for (const rank of ranks) {
      this.reads += 1;
      const scope = searchKeys.customerScope(rank, options.ownerId);
      const partition = all
        .filter((item) => item.pk === searchKeys.partition(kind, term) && String(item.sk).startsWith(scope))
        .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
      more ||= partition.length > this.perRead;
      for (const item of partition.slice(0, this.perRead)) {
        const found = customerSearchTermEntity.fromItem(item);
        if (options.nameContains !== undefined && !found.nameKey.includes(options.nameContains)) continue;
        hits.push({ ...found, ...(found.value === undefined ? {} : { value: found.value }) });
      }
    }
    return { hits, more };
  }

  async namePrefixHits(prefix: string, options: { ownerId?: string | undefined; limit: number }): Promise<HitPage> {
    this.reads += 1;
    const matching = [...this.customers.customers.values()]
      .filter((customer) => customer.deletedAt === undefined && (options.ownerId === undefined || customer.ownerId === options.ownerId))
      .filter((customer) => searchKeyOf(customer.name).startsWith(prefix))
      .sort((a, b) => (`${searchKeyOf(a.name)}#${a.id}` < `${searchKeyOf(b.name)}#${b.id}` ? -1 : 1));
    const hits = matching.slice(0, options.limit).map((customer) => ({
      customerId: customer.id,
      customerNo: customer.customerNo,
      name: customer.name,
      nameKey: normalizeName(customer.name),
      ownerId: customer.ownerId,
      ownerName: customer.ownerName,
    }));
    return { hits, more: matching.length > options.limit };
  }
}
