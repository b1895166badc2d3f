import type { Clock } from '#shared/core/clock';
import type { DuplicatePair } from '#shared/duplicates/duplicate-pair.entity';
import type { Page, PageKey } from '#functions/customers/customer/customer.ports';

/** What the duplicate-pair use cases need from storage. */

/** A customer as a pair shows it; `archived` ones drop the pair from the list. */
export interface PairCustomer {
  readonly id: string;
  readonly customerNo: string;
  readonly name: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly archived: boolean;
}

export interface DuplicatePairRepository {
  /** Open pairs, newest first: one Query of their index partition. */
  listOpen(page: { limit: number; startKey?: PageKey }): Promise<Page<DuplicatePair>>;
  get(pairId: string): Promise<DuplicatePair | undefined>;
  /** Marks the pair dismissed (it leaves the open list) if it still has `expectedVersion`; undefined otherwise. */
  dismiss(pairId: string, expectedVersion: number, actor: { username: string; at: string }): Promise<DuplicatePair | undefined>;
  /** The customers of some pairs: one BatchGetItem per 100. */
  customers(ids: readonly string[]): Promise<Map<string, PairCustomer>>;
}

export interface DuplicatePairDependencies {
  readonly pairs: DuplicatePairRepository;
  readonly clock: Clock;
}
