import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import type { Item } from '#shared/db/item';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { customerSearchTermsOf } from '#shared/search/search-terms.writes';
import { searchKeys, type CustomerTermKind } from '#shared/search/search.keys';
import { CANDIDATES_PER_READ, type CustomerSearchIndex, type HitPage, type Scope } from '#functions/customers/search/customer-search.ports';
import type { InMemoryCustomerRepository } from './in-memory-customer.repository';

/**
 * The search index over an in-memory customer repository: the term items are derived from the customers as they
 * are now (shared/search/search-terms.writes.ts — the very function the DynamoDB writes use) and read as DynamoDB
 * reads them: one partition, `begins_with` on the sort key, the bounded page, then the filter.
 */
export class InMemoryCustomerSearchIndex implements CustomerSearchIndex {
  reads = 0;

  constructor(
    private readonly customers: InMemoryCustomerRepository,
    private readonly perRead = CANDIDATES_PER_READ,
  ) {}

  private read(pk: string, skPrefix: string, keep: (item: Item) => boolean): HitPage {
    this.reads += 1;
    const partition = [...this.customers.customers.values()]
      .flatMap((customer) => customerSearchTermsOf(customer))
      .map(customerSearchTermEntity.toItem)
      .filter((item) => item.pk === pk && String(item.sk).startsWith(skPrefix))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
    const hits = partition.slice(0, this.perRead).filter(keep).map(customerSearchTermEntity.fromItem);
    return { hits, more: partition.length > this.perRead };
  }

  async namesStartingWith(term: string, text: string, scope: Scope): Promise<HitPage> {
    return this.read(searchKeys.partition('name', term), searchKeys.namesStartingWith(text), (item) => scope.ownerId === undefined || item.ownerId === scope.ownerId);
  }

  async namesContaining(term: string, text: string, scope: Scope): Promise<HitPage> {
    return this.read(searchKeys.partition('name', term), searchKeys.ownerScope('1', scope.ownerId), (item) => String(item.nameKey).includes(text));
  }

  async lookup(kind: Exclude<CustomerTermKind, 'name'>, term: string, scope: Scope): Promise<HitPage> {
    return this.read(searchKeys.partition(kind, term), searchKeys.ownerScope('0', scope.ownerId), () => true);
  }

  async listPrefix(prefix: { keyPrefix: string; namePrefix?: string | undefined }, scope: Scope & { limit: number }): Promise<HitPage> {
    this.reads += 1;
    const matching = [...this.customers.customers.values()]
      .filter((customer) => customer.deletedAt === undefined && (scope.ownerId === undefined || customer.ownerId === scope.ownerId))
      .filter((customer) => searchKeyOf(customer.name).startsWith(prefix.keyPrefix))
      .sort((a, b) => (`${searchKeyOf(a.name)}#${a.id}` < `${searchKeyOf(b.name)}#${b.id}` ? -1 : 1));
    const read = matching.slice(0, prefix.namePrefix === undefined ? scope.limit : this.perRead);
    const hits = read
      .filter((customer) => prefix.namePrefix === undefined || normalizeName(customer.name).startsWith(prefix.namePrefix))
      .map((customer) => ({
        customerId: customer.id,
        customerNo: customer.customerNo,
        name: customer.name,
        nameKey: normalizeName(customer.name),
        ownerId: customer.ownerId,
        ownerName: customer.ownerName,
      }));
    return { hits, more: matching.length > read.length };
  }
}
