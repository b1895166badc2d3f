import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { cognitoPortalIdentities, cognitoStaffContacts } from './portal-identities.cognito';
import type { PortalDependencies } from './portal.ports';
import { DynamoDbPortalOrderRepository } from './portal-order.repository';
import { DynamoDbPortalUserRepository } from './portal-user.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: PortalDependencies | undefined;

export const portalDependencies = (): PortalDependencies =>
  (dependencies ??= {
    users: new DynamoDbPortalUserRepository(documentClient(), loadConfig().TABLE_NAME),
    orders: new DynamoDbPortalOrderRepository(documentClient(), loadConfig().TABLE_NAME),
    identities: cognitoPortalIdentities(),
    staff: cognitoStaffContacts(),
    clock: systemClock,
  });

export const usePortalDependencies = (replacement: PortalDependencies | undefined): void => {
  dependencies = replacement;
};
