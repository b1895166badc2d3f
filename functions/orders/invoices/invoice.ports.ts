import type { Clock, IdGenerator } from '#shared/core/clock';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { CreateOutcome, IdempotencyStore, OrderRepository, Page, PageKey, Stale } from '#functions/orders/order/order.ports';
import type { Order } from '#functions/orders/order/order.schema';
import type { Invoice } from './invoice.schema';

/** The domain side of invoices: what the invoice use cases need from storage, free of AWS types. */

/** What an invoice copies of its customer (the fields of functions/customers/customer/customer.schema.ts), and its scope fields. */
export interface CustomerInvoicingDetails {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly archived: boolean;
  readonly nationalTaxNo?: string | undefined;
  readonly localTaxNo?: string | undefined;
  readonly address?: string | undefined;
  readonly phone?: string | undefined;
  readonly bank?: string | undefined;
  readonly bankAccount?: string | undefined;
}

/** An invoice's write: the order as read and with its new invoiced amount and version, the invoice as it becomes. */
export interface InvoiceWrite {
  readonly current: Order;
  readonly next: Order;
  readonly invoice: Invoice;
  /** Set when the caller sees their own customers only: the order's customer must still be theirs (else 404). */
  readonly ownerScope?: string;
}

export interface InvoiceVoiding extends InvoiceWrite {
  /** The invoice as read; the write is conditional on its version (the If-Match) and on it being issued. */
  readonly previous: Invoice;
}

export interface InvoiceRepository {
  /** The customer's invoicing details (name, tax numbers, address, phone, bank and account) and scope fields: one consistent GetItem. */
  customer(customerId: string): Promise<CustomerInvoicingDetails | undefined>;
  /**
   * ONE transaction: the invoice, its number's sentinel (InvoiceNumberTaken), the order's invoiced amount (conditional
   * on the If-Match version: VersionConflict), its summary, the scope check, the idempotency record, the audit entries.
   */
  issue(write: InvoiceWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Invoice>>;
  /**
   * ONE transaction: the invoice as void (conditional on its version and status: 412 / 409), the order's invoiced
   * amount less it (conditional on the version read: `stale` → read again), its summary, the scope check, the audit entries.
   */
  void(write: InvoiceVoiding): Promise<{ kind: 'voided' } | Stale>;
  get(orderId: string, invoiceId: string): Promise<Invoice | undefined>;
  /** An order's invoices (issued and void), oldest first (ULID order). */
  list(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Invoice>>;
}

/** What the invoice use cases depend on; invoices.container.ts wires the real ones, tests the fakes. */
export interface InvoicesDependencies {
  readonly invoices: InvoiceRepository;
  /** The orders' reads (the order, the customer for scope) and nothing of their writes. */
  readonly orders: Pick<OrderRepository, 'get' | 'customer'>;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
export type { CreateOutcome, Page, PageKey, Stale };
