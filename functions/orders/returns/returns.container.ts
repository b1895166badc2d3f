import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { ordersDependencies } from '#functions/orders/orders.container';
import { DynamoDbOrderReturns } from './order-return.repository';
import type { ReturnsDependencies } from './return.ports';

/** Wires the real dependencies of returns and refunds once per process (the orders' and the returns repository); tests may replace them. */
let dependencies: ReturnsDependencies | undefined;

export const returnsDependencies = (): ReturnsDependencies => {
  if (!dependencies) dependencies = { ...ordersDependencies(), returns: new DynamoDbOrderReturns(documentClient(), loadConfig().TABLE_NAME) };
  return dependencies;
};

export const useReturnsDependencies = (replacement: ReturnsDependencies | undefined): void => {
  dependencies = replacement;
};
