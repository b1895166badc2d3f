import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import type { ShipmentsDependencies } from './shipment.ports';
import { DynamoDbShipmentRepository } from './shipment.repository';

/** Wires the real dependencies of the shipment routes once per process; tests may replace them. */
let dependencies: ShipmentsDependencies | undefined;

export const shipmentsDependencies = (): ShipmentsDependencies => {
  if (!dependencies) {
    const client = documentClient();
    const tableName = loadConfig().TABLE_NAME;
    dependencies = {
      shipments: new DynamoDbShipmentRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      idempotency: storedAnswersIn(client, tableName),
      clock: systemClock,
      ids: ulidGenerator(),
    };
  }
  return dependencies;
};

export const useShipmentsDependencies = (replacement: ShipmentsDependencies | undefined): void => {
  dependencies = replacement;
};
