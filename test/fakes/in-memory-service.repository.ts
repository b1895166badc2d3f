import { DomainError, ErrorCode } from '#shared/core/errors';
import type {
  CreateServiceOutcome,
  CustomerGuard,
  IdempotencyClaim,
  Page,
  PageKey,
  ServiceCustomer,
  ServiceListCriteria,
  ServiceRepository,
} from '#functions/services/service.ports';
import { aggregateDeltaOf } from '#functions/services/service.rules';
import type { Service, ServiceMove } from '#functions/services/service.schema';
import type { Reminder } from '#shared/reminders/reminder';

/**
 * An in-memory ServiceRepository with the same observable rules as the DynamoDB one: customer guard on create,
 * version-conditional moves, history, and the aggregate deltas (per creation month and type) — for use-case tests.
 */
export class InMemoryServiceRepository implements ServiceRepository {
  readonly customers = new Map<string, ServiceCustomer>();
  readonly services = new Map<string, Service>();
  readonly history = new Map<string, ServiceMove[]>();
  readonly idempotency = new Map<string, { fingerprint: string; service: Service }>();
  /** `<yyyy-mm>#<type>` → attribute → count. */
  readonly aggregates = new Map<string, Record<string, number>>();
  /** Reminders written with a create (a portal request's note to the customer's owner). */
  readonly reminders: Reminder[] = [];
  writes = 0;

  addCustomer(customer: ServiceCustomer): void {
    this.customers.set(customer.id, customer);
  }

  async customer(customerId: string): Promise<ServiceCustomer | undefined> {
    return this.customers.get(customerId);
  }

  async create(service: Service, move: ServiceMove, guard: CustomerGuard, claim?: IdempotencyClaim, notify?: Reminder): Promise<CreateServiceOutcome> {
    const key = claim && `${claim.username}#${claim.operationId}#${claim.key}`;
    const previous = key ? this.idempotency.get(key) : undefined;
    if (previous && claim) {
      if (previous.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return { kind: 'replayed', service: previous.service };
    }
    const customer = this.customers.get(guard.customerId);
    if (!customer || customer.archived || (guard.ownerId !== undefined && customer.ownerId !== guard.ownerId)) {
      throw new DomainError(ErrorCode.CustomerNotFound, 'not found');
    }
    this.services.set(service.id, structuredClone(service));
    this.history.set(service.id, [structuredClone(move)]);
    this.count(service, move);
    if (notify) this.reminders.push(structuredClone(notify));
    if (key && claim) this.idempotency.set(key, { fingerprint: claim.fingerprint, service });
    this.writes += 1;
    return { kind: 'created', service };
  }

  async get(serviceId: string): Promise<{ service: Service; history: ServiceMove[] } | undefined> {
    const service = this.services.get(serviceId);
    return service && { service: structuredClone(service), history: structuredClone(this.history.get(serviceId) ?? []) };
  }

  async move(previous: Service, next: Service, move: ServiceMove): Promise<void> {
    const current = this.services.get(previous.id);
    if (!current || current.version !== previous.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    this.services.set(next.id, structuredClone(next));
    this.history.get(next.id)?.push(structuredClone(move));
    this.count(next, move);
    this.writes += 1;
  }

  async list(criteria: ServiceListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Service>> {
    const matches = [...this.services.values()]
      .filter(
        (service) =>
          (criteria.customerId === undefined || service.customerId === criteria.customerId) &&
          (criteria.assigneeId === undefined || service.assigneeId === criteria.assigneeId) &&
          (criteria.status === undefined || service.status === criteria.status) &&
          (criteria.type === undefined || service.type === criteria.type) &&
          (criteria.from === undefined || service.createdAt >= criteria.from) &&
          (criteria.to === undefined || service.createdAt < criteria.to),
      )
      .sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
    return { items: matches.slice(0, page.limit) };
  }

  private count(service: Service, move: ServiceMove): void {
    const key = `${service.createdAt.slice(0, 7)}#${service.type}`;
    const counts = this.aggregates.get(key) ?? {};
    for (const [attribute, by] of Object.entries(aggregateDeltaOf(move))) counts[attribute] = (counts[attribute] ?? 0) + by;
    this.aggregates.set(key, counts);
  }
}
