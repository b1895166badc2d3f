import { mergeCustomValues } from '#shared/custom-fields/custom-values';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { searchKeyOf, normalizeName } from '#shared/core/search-key';
import type {
  Actor,
  ChangeCheck,
  CreateOutcome,
  CustomerChanges,
  CustomerFeedItem,
  CustomerListCriteria,
  CustomerRepository,
  IdempotencyClaim,
  MergeRetirement,
  Page,
  PageKey,
  RestoreOutcome,
  StoredCustomer,
  WriteGuard,
} from '#functions/customers/customer/customer.ports';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import type { DuplicateCandidate, DuplicateFinder, DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';
import { addedKeys, removedKeys, type DuplicateKey, type DuplicateRule, type DuplicateSubject } from '#shared/duplicates/duplicate-keys';
import { pairIdOf } from '#shared/duplicates/duplicate.keys';

/**
 * An in-memory CustomerRepository with the same observable rules as the DynamoDB one (unique numbers,
 * idempotency records, guarded writes, scope-before-version refusals), for fast use-case tests.
 */
export class InMemoryCustomerRepository implements CustomerRepository {
  readonly customers = new Map<string, StoredCustomer>();
  readonly numbers = new Set<string>();
  readonly idempotency = new Map<string, { fingerprint: string; customer: Customer }>();
  /** The tombstones the archive and transfer write (customer-tombstone.entity.ts): who lost sight of which customer. */
  readonly tombstones: { id: string; deletedAt: string; reason: 'archived' | 'transferred' | 'merged'; ownerId: string }[] = [];
  readonly transfers: { customerId: string; from: string; to: string; reason?: string | undefined }[] = [];
  /** The duplicate index: `<rule>#<value>` → the ids holding the key; pairs recorded by allowed duplicates. */
  readonly duplicateKeys = new Map<string, Set<string>>();
  readonly pairs = new Map<string, { rules: readonly DuplicateRule[]; by: string }>();
  writes = 0;

  /** As the DynamoDB repository's duplicate elements: refused (nothing written) when a new key is held and not allowed. */
  private moveKeys(customerId: string, before: DuplicateSubject | undefined, after: DuplicateSubject | undefined, policy: DuplicatePolicy | undefined, by: string): () => void {
    const added = addedKeys(before, after);
    if (policy?.allow === false && added.some((key) => (this.duplicateKeys.get(`${key.rule}#${key.value}`)?.size ?? 0) > 0)) {
      throw new DomainError(ErrorCode.PossibleDuplicate, 'possible duplicate');
    }
    return () => {
      for (const key of removedKeys(before, after)) this.duplicateKeys.get(`${key.rule}#${key.value}`)?.delete(customerId);
      for (const key of added) {
        const name = `${key.rule}#${key.value}`;
        this.duplicateKeys.set(name, (this.duplicateKeys.get(name) ?? new Set()).add(customerId));
      }
      if (policy?.allow) for (const pair of policy.pairs ?? []) this.pairs.set(pairIdOf(customerId, pair.customerId), { rules: pair.rules, by });
    };
  }

  async create(customer: Customer, claim?: IdempotencyClaim, duplicates?: DuplicatePolicy): Promise<CreateOutcome> {
    const key = claim && `${claim.username}#${claim.operationId}#${claim.key}`;
    const previous = key ? this.idempotency.get(key) : undefined;
    if (previous && claim) {
      if (previous.fingerprint !== claim.fingerprint) {
        throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      }
      return { kind: 'replayed', customer: previous.customer };
    }
    if (this.numbers.has(customer.customerNo)) throw new DomainError(ErrorCode.CustomerNoTaken, 'taken');
    const commitKeys = this.moveKeys(customer.id, undefined, customer, duplicates, customer.createdBy);
    commitKeys();
    this.numbers.add(customer.customerNo);
    this.customers.set(customer.id, structuredClone(customer));
    if (key && claim) this.idempotency.set(key, { fingerprint: claim.fingerprint, customer });
    this.writes += 1;
    return { kind: 'created', customer };
  }

  async get(customerId: string): Promise<StoredCustomer | undefined> {
    const found = this.customers.get(customerId);
    return found && structuredClone(found);
  }

  private guarded(customerId: string, guard: WriteGuard): StoredCustomer {
    const current = this.customers.get(customerId);
    if (!current || current.deletedAt || (guard.ownerScope !== undefined && current.ownerId !== guard.ownerScope)) {
      throw new DomainError(ErrorCode.CustomerNotFound, 'not found');
    }
    if (current.version !== guard.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    return current;
  }

  async update(
    customerId: string,
    changes: CustomerChanges,
    guard: WriteGuard,
    actor: Actor,
    check?: ChangeCheck,
    duplicates?: DuplicatePolicy,
  ): Promise<Customer> {
    const current = this.guarded(customerId, guard);
    const next: Record<string, unknown> = { ...current };
    for (const [field, value] of Object.entries(changes)) {
      if (field === 'custom') {
        // As the DynamoDB repository: a PATCH of custom values merges into the stored ones.
        const merged = mergeCustomValues(current.custom, value as Record<string, unknown> | undefined);
        if (merged) next.custom = merged;
        else if (merged === null) delete next.custom;
      } else if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    const updated = { ...next, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username } as StoredCustomer;
    check?.(structuredClone(current), structuredClone(updated));
    this.moveKeys(customerId, current, updated, duplicates, actor.username)();
    this.customers.set(customerId, updated);
    this.writes += 1;
    return structuredClone(updated);
  }

  async archive(customerId: string, guard: WriteGuard, actor: Actor, merge?: MergeRetirement): Promise<void> {
    const current = this.guarded(customerId, guard);
    // A merge's own elements are judged first (the fake's stand-in for one transaction): a refusal writes nothing.
    merge?.parts(current as unknown as Record<string, unknown>);
    this.moveKeys(customerId, current, undefined, undefined, actor.username)();
    this.customers.set(customerId, {
      ...current,
      deletedAt: actor.at,
      updatedAt: actor.at,
      version: current.version + 1,
      ...(merge ? { mergedInto: merge.survivorId, mergeId: merge.mergeId } : {}),
    } as StoredCustomer);
    this.tombstones.push({ id: customerId, deletedAt: actor.at, reason: merge ? 'merged' : 'archived', ownerId: current.ownerId });
    this.writes += 1;
  }

  async restore(customerId: string, merge: { mergeId: string }, actor: Actor): Promise<RestoreOutcome> {
    const current = this.customers.get(customerId) as (StoredCustomer & { mergeId?: string }) | undefined;
    if (!current) throw new DomainError(ErrorCode.CustomerNotFound, 'not found');
    if (current.deletedAt === undefined) return 'live';
    if (current.mergeId !== merge.mergeId) throw new DomainError(ErrorCode.InvalidTransition, 'archived by something else');
    const { deletedAt: _deletedAt, mergedInto: _mergedInto, mergeId: _mergeId, ...live } = current;
    this.moveKeys(customerId, undefined, live, undefined, actor.username)();
    this.customers.set(customerId, { ...live, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username });
    const tombstone = this.tombstones.findIndex((entry) => entry.id === customerId && entry.reason === 'merged');
    if (tombstone >= 0) this.tombstones.splice(tombstone, 1);
    this.writes += 1;
    return 'restored';
  }

  async transfer(
    customerId: string,
    owner: { ownerId: string; ownerName: string; reason?: string | undefined },
    guard: WriteGuard,
    actor: Actor,
  ): Promise<Customer> {
    const current = this.guarded(customerId, guard);
    if (current.ownerId === owner.ownerId) throw new DomainError(ErrorCode.InvalidTransition, 'same owner');
    const updated = { ...current, ownerId: owner.ownerId, ownerName: owner.ownerName, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username };
    this.customers.set(customerId, updated);
    this.transfers.push({ customerId, from: current.ownerId, to: owner.ownerId, reason: owner.reason });
    this.tombstones.push({ id: customerId, deletedAt: actor.at, reason: 'transferred', ownerId: current.ownerId });
    this.writes += 1;
    return structuredClone(updated);
  }

  async list(criteria: CustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Customer>> {
    const sort = criteria.sort ?? 'name';
    const descending = sort.startsWith('-');
    const field = (descending ? sort.slice(1) : sort) as 'name' | 'createdAt' | 'updatedAt' | 'lastOrderAt';
    const nameKey = (customer: Customer) => `${searchKeyOf(customer.name)}#${customer.id}`;
    const sortKey = (customer: Customer) => (field === 'name' ? nameKey(customer) : `${customer[field] ?? '!'}#${customer.id}`);
    const valueAt = (customer: Customer, path: readonly string[]): unknown =>
      path.reduce<unknown>((value, segment) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined), customer);
    const matches = [...this.customers.values()]
      .filter((customer) => !customer.deletedAt)
      .filter((customer) => (criteria.ownerId ? customer.ownerId === criteria.ownerId : true))
      .filter((customer) => (criteria.level ? customer.level === criteria.level : true))
      .filter((customer) => (criteria.region ? customer.region === criteria.region : true))
      .filter((customer) => (criteria.status ? customer.status === criteria.status : true))
      .filter((customer) => (criteria.search ? nameKey(customer).startsWith(criteria.search.keyPrefix) : true))
      .filter((customer) =>
        criteria.search?.namePrefix ? normalizeName(customer.name).startsWith(criteria.search.namePrefix) : true,
      )
      .filter((customer) =>
        (criteria.filters ?? []).every((filter) => {
          const value = valueAt(customer, filter.path);
          return filter.op === 'contains' ? Array.isArray(value) && value.includes(filter.value) : value === filter.value;
        }),
      )
      .filter((customer) =>
        (criteria.custom ?? []).every((filter) => {
          const value = valueAt(customer, ['custom', filter.key]);
          return filter.match === 'contains' ? Array.isArray(value) && value.includes(filter.code) : value === filter.code;
        }),
      )
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1) * (descending ? -1 : 1));
    const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
    const remaining =
      after === undefined ? matches : matches.filter((customer) => (descending ? sortKey(customer) < after : sortKey(customer) > after));
    const items = remaining.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(({ deletedAt: _deletedAt, ...customer }) => customer),
      ...(remaining.length > page.limit && last ? { lastKey: { sk: sortKey(last) } } : {}),
    };
  }
  /** As the DynamoDB feed: one index per scope, keyed `<updatedAt>#<id>`, tombstones beside the customers. */
  async feed(scope: { ownerId?: string | undefined }, window: SyncWindow, page: { limit: number; startKey?: PageKey }): Promise<Page<CustomerFeedItem>> {
    const entries: { key: string; item: CustomerFeedItem }[] = [
      ...[...this.customers.values()]
        .filter((customer) => !customer.deletedAt && (scope.ownerId === undefined || customer.ownerId === scope.ownerId))
        .map(({ deletedAt: _deletedAt, ...customer }) => ({ key: `${customer.updatedAt}#${customer.id}`, item: customer as CustomerFeedItem })),
      ...this.tombstones
        .filter((tombstone) => (scope.ownerId === undefined ? tombstone.reason === 'archived' : tombstone.ownerId === scope.ownerId))
        .map((tombstone) => ({
          key: `${tombstone.deletedAt}#${tombstone.id}`,
          item: { id: tombstone.id, deleted: true as const, deletedAt: tombstone.deletedAt, reason: tombstone.reason },
        })),
    ]
      .filter((entry) => entry.key >= window.since && entry.key <= window.until)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
    const remaining = after === undefined ? entries : entries.filter((entry) => entry.key > after);
    const items = remaining.slice(0, page.limit);
    const last = items.at(-1);
    return { items: items.map((entry) => entry.item), ...(remaining.length > page.limit && last ? { lastKey: { sk: last.key } } : {}) };
  }
}

/** The duplicate finder over an in-memory repository's index (as DynamoDbDuplicateFinder: live customers only). */
export const inMemoryDuplicateFinder = (repository: InMemoryCustomerRepository): DuplicateFinder => ({
  async candidatesOf(keys: readonly DuplicateKey[], excludeId?: string): Promise<DuplicateCandidate[]> {
    const rules = new Map<string, Set<DuplicateRule>>();
    for (const key of keys) {
      for (const id of repository.duplicateKeys.get(`${key.rule}#${key.value}`) ?? []) {
        if (id !== excludeId) rules.set(id, (rules.get(id) ?? new Set()).add(key.rule));
      }
    }
    return [...rules]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([id, matched]) => {
        const customer = repository.customers.get(id);
        if (!customer || customer.deletedAt) return [];
        const { customerNo, name, ownerId, ownerName } = customer;
        return [{ id, customerNo, name, ownerId, ownerName, matchedBy: [...matched].sort() }];
      });
  },
});

