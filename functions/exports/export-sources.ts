import type { Caller } from '#shared/auth/caller';
import type { CustomFieldFilter } from '#shared/custom-fields/custom-field';
import type { ExportBatch, ExportRecord, ExportSource } from './export.ports';
import type { ActivityExportFilters, ContactExportFilters, CustomerExportFilters, OrderExportFilters } from './export.schema';

/**
 * What the sources need from the features whose records they export: each feature's own list use case, so an export
 * reads exactly what the list route would (the same index chosen by the same filters, the same visibility rules)
 * — one Query per page, never a Scan. The container (export-job.container.ts) binds them to the features'
 * dependencies; the customers' list is bound WITHOUT the customer read guard: exports are counted by their own quota.
 */
type Key = Record<string, string | number>;
interface Page<T> {
  readonly items: readonly T[];
  readonly lastKey?: Key | undefined;
}
type Row = Readonly<Record<string, unknown>> & { readonly id: string };

export interface ExportReaders {
  customers(caller: Caller, filters: Omit<CustomerExportFilters, 'custom'> & { custom?: CustomFieldFilter[] }, page: { limit: number; startKey?: Key }): Promise<Page<Row & { name: string }>>;
  customerName(customerId: string): Promise<string | undefined>;
  contacts(caller: Caller, customerId: string, page: { limit: number; startKey?: Key }): Promise<Page<Row>>;
  activities(caller: Caller, customerId: string, filters: Omit<ActivityExportFilters, 'customerId'>, page: { limit: number; startKey?: Key }): Promise<Page<Row>>;
  orders(filters: OrderExportFilters, page: { limit: number; startKey?: Key }): Promise<Page<Row>>;
  /** The custom select filters of a customer export, checked against the definitions now (a field may have changed since). */
  customFilters(custom: Readonly<Record<string, string>>): Promise<CustomFieldFilter[]>;
}

/** Records read per Query: the list routes' largest page. */
export const PAGE_SIZE = 100;
/** Customers per outer page when contacts or activities of every customer are exported (the checkpoint unit). */
const CUSTOMERS_PER_STEP = 25;

const cursorOf = (key: Key | undefined): string | undefined => (key ? JSON.stringify(key) : undefined);
const keyOf = (cursor: string | undefined): Key | undefined => (cursor ? (JSON.parse(cursor) as Key) : undefined);

/** Pages of one paged read, from `cursor`, each a boundary (its cursor resumes after it). */
async function* paged(read: (startKey: Key | undefined) => Promise<Page<Row>>, cursor: string | undefined, customerName?: string): AsyncGenerator<ExportBatch> {
  let startKey = keyOf(cursor);
  do {
    const page = await read(startKey);
    startKey = page.lastKey;
    const next = cursorOf(startKey);
    yield { records: page.items.map((record): ExportRecord => ({ record, ...(customerName ? { customerName } : {}) })), ...(next ? { cursor: next } : {}) };
  } while (startKey);
}

/**
 * The records under each customer (contacts, activities): customers a page at a time (every customer the caller
 * sees, in name order), then each one's records page by page. Only the end of a page of customers is a boundary.
 */
async function* underEveryCustomer(
  readers: ExportReaders,
  caller: Caller,
  cursor: string | undefined,
  readUnder: (customerId: string, startKey: Key | undefined) => Promise<Page<Row>>,
): AsyncGenerator<ExportBatch> {
  let customersKey = keyOf(cursor);
  do {
    const customers = await readers.customers(caller, {}, { limit: CUSTOMERS_PER_STEP, ...(customersKey ? { startKey: customersKey } : {}) });
    for (const customer of customers.items) {
      for await (const batch of paged((startKey) => readUnder(customer.id, startKey), undefined, customer.name)) yield { records: batch.records };
    }
    customersKey = customers.lastKey;
    const next = cursorOf(customersKey);
    yield { records: [], walked: customers.items.length, ...(next ? { cursor: next } : {}) };
  } while (customersKey);
}

export const exportSources = (readers: ExportReaders): Record<'customers' | 'contacts' | 'activities' | 'orders', ExportSource> => ({
  customers: {
    batches: async function* ({ caller, filters, cursor }) {
      const { custom, ...rest } = filters as CustomerExportFilters;
      const customFilters = custom && Object.keys(custom).length > 0 ? await readers.customFilters(custom) : [];
      const criteria = { ...rest, ...(customFilters.length > 0 ? { custom: customFilters } : {}) };
      yield* paged((startKey) => readers.customers(caller, criteria, { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) }), cursor);
    },
  },
  contacts: {
    batches: async function* ({ caller, filters, cursor }) {
      const { customerId } = filters as ContactExportFilters;
      const read = (id: string, startKey: Key | undefined) => readers.contacts(caller, id, { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) });
      if (customerId) yield* paged((startKey) => read(customerId, startKey), cursor, await readers.customerName(customerId));
      else yield* underEveryCustomer(readers, caller, cursor, read);
    },
  },
  activities: {
    batches: async function* ({ caller, filters, cursor }) {
      const { customerId, ...rest } = filters as ActivityExportFilters;
      const read = (id: string, startKey: Key | undefined) => readers.activities(caller, id, rest, { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) });
      if (customerId) yield* paged((startKey) => read(customerId, startKey), cursor, await readers.customerName(customerId));
      else yield* underEveryCustomer(readers, caller, cursor, read);
    },
  },
  orders: {
    batches: ({ filters, cursor }) => paged((startKey) => readers.orders(filters as OrderExportFilters, { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) }), cursor),
  },
});
