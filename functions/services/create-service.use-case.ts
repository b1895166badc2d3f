import { createdValues } from '#shared/custom-fields/custom-values';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CreateServiceOutcome } from './service.ports';
import type { CreateServiceInput, Service, ServiceMove } from './service.schema';
import type { Caller, ServiceDependencies } from './service.dependencies';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';

/**
 * Create a service request (consultation, complaint or suggestion) for a customer.
 *
 * Primary course:
 * 1. The customer exists, is not archived and — for an account manager — is one they own.
 * 2. The request starts `created`, unassigned, with the customer's name copied for lists.
 * 3. One transaction writes the request, its first history entry, its summary under the customer (360 view),
 *    the service-analysis counts and the idempotency record; it re-checks the customer (and its owner for an
 *    account manager), so a customer archived or transferred meanwhile is not written to.
 *
 * Alternates: no such customer, archived, or another owner's (account managers) → CustomerNotFound (404).
 * The same Idempotency-Key with the same request replays the first answer; with another → 422.
 */
export const createService = async (
  deps: ServiceDependencies,
  request: { caller: Caller; input: CreateServiceInput; idempotency?: IdempotencyRequest },
): Promise<CreateServiceOutcome> => {
  const { caller, input } = request;
  // Checked against the current definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(input.custom);
  const customer = await deps.services.customer(input.customerId);
  if (!customer || customer.archived || (caller.scope === 'own' && customer.ownerId !== caller.username)) {
    throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${input.customerId} does not exist.`, {
      errors: [{ path: 'body.customerId', message: 'No such customer.' }],
    });
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const service: Service = {
    id: deps.ids.next(),
    type: input.type,
    title: input.title,
    customerId: customer.id,
    customerName: customer.name,
    request: input.request,
    channel: 'staff',
    ...(custom ? { custom } : {}),
    status: 'created',
    reopenCount: 0,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const move: ServiceMove = { move: 'create', to: 'created', at, by: caller.username, version: 1 };
  const idempotency = claimOf(request.idempotency, now);
  return deps.services.create(
    service,
    move,
    { customerId: customer.id, ownerId: caller.scope === 'own' ? caller.username : undefined },
    idempotency,
  );
};
