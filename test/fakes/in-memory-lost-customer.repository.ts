import { DomainError, ErrorCode } from '#shared/core/errors';
import type { LostCustomerListCriteria, LostCustomerOwner, LostCustomerRepository, Page, PageKey } from '#functions/customers/lost-customers/lost-customer.ports';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';

/** An in-memory LostCustomerRepository with the DynamoDB one's rules (version, scope, customer status, aggregates). */
export class InMemoryLostCustomerRepository implements LostCustomerRepository {
  readonly records = new Map<string, LostCustomer>();
  readonly customers = new Map<string, LostCustomerOwner & { status: string; churnStatus?: string }>();
  /** `<yyyy-mm>#<reason>` → customers confirmed lost. */
  readonly lostPerReason = new Map<string, number>();

  async get(customerId: string): Promise<{ record?: LostCustomer; customer?: LostCustomerOwner }> {
    const record = this.records.get(customerId);
    const customer = this.customers.get(customerId);
    return { ...(record ? { record: structuredClone(record) } : {}), ...(customer ? { customer: { ...customer } } : {}) };
  }

  async list(criteria: LostCustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<LostCustomer>> {
    const items = [...this.records.values()]
      .filter((record) => (criteria.ownerId === undefined || record.ownerId === criteria.ownerId) && (criteria.status === undefined || record.status === criteria.status))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    return { items: items.slice(0, page.limit) };
  }

  private write(previous: LostCustomer, next: LostCustomer, ownerScope?: string): void {
    const customer = this.customers.get(previous.customerId);
    if (!customer || customer.archived || (ownerScope !== undefined && customer.ownerId !== ownerScope)) {
      throw new DomainError(ErrorCode.LostCustomerNotFound, 'not found');
    }
    if (this.records.get(previous.customerId)?.version !== previous.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    this.records.set(next.customerId, structuredClone(next));
    customer.churnStatus = next.status;
  }

  async addMeasure(previous: LostCustomer, next: LostCustomer, guard: { ownerScope?: string | undefined }): Promise<void> {
    this.write(previous, next, guard.ownerScope);
  }

  async confirm(previous: LostCustomer, next: LostCustomer): Promise<void> {
    this.write(previous, next);
    this.customers.get(next.customerId)!.status = 'lost';
    const key = `${next.confirmedAt!.slice(0, 7)}#${next.reason}`;
    this.lostPerReason.set(key, (this.lostPerReason.get(key) ?? 0) + 1);
  }
}
