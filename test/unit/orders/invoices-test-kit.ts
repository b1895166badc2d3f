import { DomainError, ErrorCode } from '#shared/core/errors';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { orderNotFound } from '#functions/orders/order/order.rules';
import type { CustomerInvoicingDetails, InvoiceRepository, InvoicesDependencies, InvoiceWrite } from '#functions/orders/invoices/invoice.ports';
import type { Invoice } from '#functions/orders/invoices/invoice.schema';
import { ordersTestKit } from '#test/fakes/orders-test-kit';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * The orders test kit with in-memory invoices over the same order store: the observable rules of
 * DynamoDbInvoiceRepository (scope, versions, number sentinels, all-or-nothing, idempotency records). `details` holds
 * the customers' invoicing details; `beforeWrite` changes the state between a use case's read and its write; `numberTakenOnce` makes the next number met taken (another invoice took it meanwhile).
 */
export const invoicesTestKit = (seed = 7) => {
  const kit = ordersTestKit(seed);
  const { store } = kit;
  const invoices = new Map<string, Invoice>();
  const numbers = new Set<string>();
  const details = new Map<string, Partial<CustomerInvoicingDetails>>();
  const records = new Map<string, { fingerprint: string; response: unknown }>();
  const state = { writes: 0, beforeWrite: undefined as (() => void) | undefined, numberTakenOnce: false, numbersTried: [] as string[] };
  const recordKey = (claim: Pick<IdempotencyClaim, 'username' | 'operationId' | 'key'>) => `${claim.username}#${claim.operationId}#${claim.key}`;
  const hook = () => {
    const run = state.beforeWrite;
    state.beforeWrite = undefined;
    run?.();
  };
  /** Scope (404), then the order's version: true when it moved. */
  const orderMoved = (write: InvoiceWrite): boolean => {
    const stored = store.orders.get(write.current.id);
    if (!stored) throw orderNotFound(write.current.id);
    if (write.ownerScope !== undefined) {
      const customer = store.customers.get(write.current.customerId);
      if (!customer || customer.archived || customer.ownerId !== write.ownerScope) throw orderNotFound(write.current.id);
    }
    return stored.version !== write.current.version;
  };

  const repository: InvoiceRepository = {
    customer: async (customerId) => {
      const customer = store.customers.get(customerId);
      return customer && { id: customer.id, name: customer.name, ownerId: customer.ownerId, archived: customer.archived, address: customer.address, ...details.get(customerId) };
    },
    issue: async (write, claim) => {
      hook();
      const record = claim && records.get(recordKey(claim));
      if (claim && record) {
        if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
        return { kind: 'replayed', value: clone(record.response) as Invoice };
      }
      if (orderMoved(write)) throw new DomainError(ErrorCode.VersionConflict, 'stale');
      state.numbersTried.push(write.invoice.number);
      if (state.numberTakenOnce) {
        state.numberTakenOnce = false;
        numbers.add(write.invoice.number);
      }
      if (numbers.has(write.invoice.number)) throw new DomainError(ErrorCode.InvoiceNumberTaken, 'taken');
      numbers.add(write.invoice.number);
      store.orders.set(write.current.id, clone(write.next));
      invoices.set(`${write.invoice.orderId}#${write.invoice.id}`, clone(write.invoice));
      if (claim) records.set(recordKey(claim), { fingerprint: claim.fingerprint, response: clone(write.invoice) });
      state.writes += 1;
      return { kind: 'created', value: clone(write.invoice) };
    },
    void: async (write) => {
      hook();
      const stored = invoices.get(`${write.previous.orderId}#${write.previous.id}`);
      if (!stored) throw new DomainError(ErrorCode.InvoiceNotFound, 'gone');
      if (stored.status !== write.previous.status) throw new DomainError(ErrorCode.InvalidTransition, 'moved');
      if (stored.version !== write.previous.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
      if (orderMoved(write)) return { kind: 'stale' };
      store.orders.set(write.current.id, clone(write.next));
      invoices.set(`${write.invoice.orderId}#${write.invoice.id}`, clone(write.invoice));
      state.writes += 1;
      return { kind: 'voided' };
    },
    get: async (orderId, invoiceId) => clone(invoices.get(`${orderId}#${invoiceId}`)),
    list: async (orderId, page) => {
      const all = [...invoices.values()].filter((invoice) => invoice.orderId === orderId).sort((a, b) => (a.id < b.id ? -1 : 1));
      return { items: clone(all.slice(0, page.limit)) };
    },
  };
  const idempotency: InvoicesDependencies['idempotency'] = {
    find: async (claim) => {
      const record = records.get(recordKey(claim));
      if (!record) return undefined;
      if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return clone(record.response);
    },
  };
  const invoiceDeps: InvoicesDependencies = { invoices: repository, orders: store.orderRepository, idempotency, clock: kit.deps.clock, ids: kit.deps.ids };
  return { ...kit, invoiceDeps, invoices, details, state };
};
