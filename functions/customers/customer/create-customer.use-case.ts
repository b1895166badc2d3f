import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CreateOutcome } from './customer.ports';
import type { CreateCustomerInput, Customer } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import { checkProfile, resolveOwner } from './customer.rules';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import { displayNameOf } from '#shared/auth/display-name';
import { createdValues } from '#shared/custom-fields/custom-values';
import { duplicateKeysOf } from '#shared/duplicates/duplicate-keys';
import { isPossibleDuplicate, pairsOf, possibleDuplicate } from '#shared/duplicates/duplicate-candidates';

const GENERATED_NUMBER_ATTEMPTS = 3;

/**
 * `C261122-7KQ2M`: the day plus five random Crockford characters taken from a fresh ULID.
 * Also used by the opportunities feature for the customer a won opportunity creates.
 */
export const generateCustomerNo = (deps: Pick<CustomerDependencies, 'ids'>, now: Date): string => {
  const day = now.toISOString().slice(2, 10).replaceAll('-', '');
  return `C${day}-${deps.ids.next().slice(-5)}`;
};

/**
 * Create a customer.
 *
 * Primary course:
 * 1. The caller owns the new customer, unless a manager names another owner, who must be an enabled user
 *    whose role may own customers. Account managers cannot name an owner. The owner's name is the user
 *    directory's (never the token's), so it does not depend on the token type.
 * 2. The customer number is the one given, or one generated from the date.
 * 3. The customer, its number sentinel, its duplicate keys (normalised name, phone, e-mail domain, tax and licence
 *    numbers: shared/duplicates/duplicate-keys.ts) and the idempotency record are written in one transaction. A
 *    key another customer holds refuses the transaction: the check and the claim are one step, so of two creates
 *    of the same name at the same moment at most one succeeds.
 *
 * Alternates: a gender or birthday without `kind: person`, a birthday in the future, a Chinese province or city that
 * is not a GB/T 2260 code or a city outside its province → ValidationFailed (400 naming the field; customer.rules.ts).
 * A given number already in use → CustomerNoTaken (409); a generated one → a new number, up to
 * three tries. A duplicate key held by another customer → PossibleDuplicate (409) listing the candidates the caller
 * may see (others only counted); with `allowDuplicate` the customer is created anyway and each candidate recorded as
 * a duplicate pair (`GET /v1/customers/duplicates`). The same Idempotency-Key with the same request replays the first answer; with another request
 * → IdempotencyKeyReused (422).
 */
export const createCustomer = async (
  deps: CustomerDependencies,
  request: { caller: Caller; input: CreateCustomerInput; idempotency?: IdempotencyRequest; allowDuplicate?: boolean },
): Promise<CreateOutcome> => {
  const { caller, input } = request;
  const { ownerId: requestedOwner, customerNo: givenNo, custom: customInput, ...fields } = input;
  // Checked against the current definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(customInput);
  checkProfile(fields, deps.clock.now());
  if (requestedOwner !== undefined && caller.scope === 'own') {
    throw new DomainError(ErrorCode.ValidationFailed, 'Account managers own the customers they create.', {
      errors: [{ path: 'body.ownerId', message: 'Read-only for your role.' }],
    });
  }
  const owner =
    requestedOwner === undefined || requestedOwner === caller.username
      ? { ownerId: caller.username, ownerName: await displayNameOf(deps.directory, caller.username) }
      : await resolveOwner(deps.directory, requestedOwner);

  const now = deps.clock.now();
  const at = now.toISOString();
  const idempotency = claimOf(request.idempotency, now);
  const build = (customerNo: string): Customer => ({
    ...fields,
    tags: fields.tags ?? [],
    type: fields.type ?? 'customer',
    kind: fields.kind ?? 'company',
    ...(custom ? { custom } : {}),
    id: deps.ids.next(),
    customerNo,
    ...owner,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  });

  // Allowed: the candidates are read first, to record the pairs. Not allowed: the transaction itself is the check.
  const keys = duplicateKeysOf(fields);
  const duplicates = request.allowDuplicate ? { allow: true, pairs: pairsOf(await deps.duplicates.candidatesOf(keys)) } : { allow: false };
  const write = async (customer: Customer): Promise<CreateOutcome> => {
    try {
      return await deps.customers.create(customer, idempotency, duplicates);
    } catch (error) {
      if (!isPossibleDuplicate(error)) throw error;
      const candidates = await deps.duplicates.candidatesOf(keys);
      // The key was freed in between (its holder renamed or archived): one more try.
      if (candidates.length === 0) return deps.customers.create(customer, idempotency, duplicates);
      throw possibleDuplicate(caller, candidates);
    }
  };

  if (givenNo !== undefined) return write(build(givenNo));

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(build(generateCustomerNo(deps, now)));
    } catch (error) {
      const retry = error instanceof DomainError && error.code === ErrorCode.CustomerNoTaken;
      if (!retry || attempt >= GENERATED_NUMBER_ATTEMPTS) throw error;
    }
  }
};
