import { DomainError, ErrorCode } from '#shared/core/errors';
import { byDisplayOrder } from '#shared/custom-fields/custom-field';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { customFilterErrors } from '#shared/custom-fields/custom-values';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { MIN_PART_BYTES } from '#shared/files/file-store';
import type { CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import { listActivities } from '#functions/activities/list-activities.use-case';
import { activityDependencies } from '#functions/activities/activity.container';
import { listContacts } from '#functions/contacts/list-contacts.use-case';
import { contactDependencies } from '#functions/contacts/contact.container';
import { customerDependencies } from '#functions/customers/customer/customer.container';
import { listCustomers } from '#functions/customers/customer/list-customers.use-case';
import { listOrders } from '#functions/orders/order/list-orders.use-case';
import { ordersDependencies } from '#functions/orders/orders.container';
import { CUSTOM_FIELD_TYPE_OF } from './export-columns';
import { exportSources, type ExportReaders } from './export-sources';
import { exportApiDependencies } from './exports.container';
import type { ExportDependencies, ExportLimits } from './exports.dependencies';

/** The product's limits: 1,000,000 rows (an .xlsx sheet holds 1,048,576), 5 MiB parts, a CSV step hands over after 60 s. */
export const EXPORT_LIMITS: ExportLimits = {
  // EXPORT_MAX_ROWS lowers it where exports must stay small (the test run: the fuzz suite starts many unfiltered ones).
  maxRows: Number(process.env['EXPORT_MAX_ROWS'] ?? 1_000_000),
  partBytes: MIN_PART_BYTES,
  stepMillis: 60_000,
};

/**
 * Exports are counted by their own quota (shared/read-guard/export-quota.ts), not by the customer read guard, whose
 * 500 records / 10 minutes would lock a manager on the first page of a customer export.
 */
const notCounted: CustomerReadGuard = {
  count: async (_username, records) => ({ tally: { window: 0, current: 0, previous: 0 }, charged: records, atMs: 0 }),
  settle: async () => undefined,
};

/** The features' own list use cases and dependencies (export-sources.ts, ExportReaders). */
const featureReaders = (): ExportReaders => ({
  customers: (caller, filters, page) => listCustomers({ ...customerDependencies(), readGuard: notCounted }, { caller, filters, page }),
  customerName: async (customerId) => {
    const customer = await customerDependencies().customers.get(customerId);
    return customer && !customer.deletedAt ? customer.name : undefined;
  },
  contacts: (caller, customerId, page) => listContacts(contactDependencies(), { caller, customerId, page }),
  activities: (caller, customerId, filters, page) => listActivities(activityDependencies(), { caller, customerId, filters, page }),
  orders: (filters, page) => listOrders(ordersDependencies(), { criteria: filters, page }),
  customFilters: async (custom) => {
    const { errors, filters } = customFilterErrors(await customFieldSource().definitionsOf('customer'), custom, 'filters');
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'A custom-field filter is no longer valid.', { errors });
    return filters;
  },
});

let dependencies: ExportDependencies | undefined;

/** Wires the job's real dependencies once per process. */
export const exportJobDependencies = (): ExportDependencies =>
  (dependencies ??= {
    ...exportApiDependencies(),
    sources: exportSources(featureReaders()),
    dictionary: () => dictionaryCache().snapshot(),
    customFields: async (entity) => {
      const type = CUSTOM_FIELD_TYPE_OF[entity];
      return type ? [...(await customFieldSource().definitionsOf(type))].sort(byDisplayOrder) : [];
    },
    limits: EXPORT_LIMITS,
  });

export const useExportJobDependencies = (replacement: ExportDependencies | undefined): void => {
  dependencies = replacement;
};
