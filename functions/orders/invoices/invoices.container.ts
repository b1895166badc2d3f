import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import type { InvoicesDependencies } from './invoice.ports';
import { DynamoDbInvoiceRepository } from './invoice.repository';

/** Wires the real dependencies of the invoice routes once per process; tests may replace them. */
let dependencies: InvoicesDependencies | undefined;

export const invoicesDependencies = (): InvoicesDependencies => {
  if (!dependencies) {
    const client = documentClient();
    const tableName = loadConfig().TABLE_NAME;
    dependencies = {
      invoices: new DynamoDbInvoiceRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids: ulidGenerator(),
    };
  }
  return dependencies;
};

export const useInvoicesDependencies = (replacement: InvoicesDependencies | undefined): void => {
  dependencies = replacement;
};
