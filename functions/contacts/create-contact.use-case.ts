import { createdValues } from '#shared/custom-fields/custom-values';
import { guardFor } from '#shared/customer-records/customer-head';
import type { Caller, ContactDependencies } from './contact.dependencies';
import type { CreateContactOutcome } from './contact.ports';
import type { Contact, CreateContactInput, StoredContact } from './contact.schema';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';

/**
 * Add a contact to a customer.
 *
 * Primary course: one transaction writes the contact, counts it on the customer, names it in the customer's
 * contact directory and — when `isPrimary` — points the customer's primary pointer at it (the previous primary
 * contact loses the flag in the same write, because the flag is that pointer). The customer must exist, not be
 * archived and, for an account manager, be theirs: a condition of the same transaction. A marketing consent given
 * is stamped `consentUpdatedAt` now, `consentSource: staff`; none given reads as `unknown`.
 *
 * Alternates: customer missing, archived or someone else's → CustomerNotFound (404); the customer already has
 * the most contacts allowed → LimitReached (409); the same Idempotency-Key and request → the first answer
 * again; the key with another request → IdempotencyKeyReused (422).
 */
export const createContact = async (
  deps: ContactDependencies,
  request: {
    caller: Caller;
    customerId: string;
    input: CreateContactInput;
    idempotency?: IdempotencyRequest | undefined;
  },
): Promise<CreateContactOutcome> => {
  const { caller, customerId } = request;
  const { isPrimary, custom: customInput, ...fields } = request.input;
  // Checked against the current definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(customInput);
  const now = deps.clock.now();
  const at = now.toISOString();
  const contact: StoredContact = {
    ...fields,
    // Marketing consent staff recorded is stamped with when and by what (contact.schema.ts, MARKETING_CONSENTS).
    ...(fields.marketingConsent !== undefined ? { consentUpdatedAt: at, consentSource: 'staff' as const } : {}),
    ...(custom ? { custom } : {}),
    id: deps.ids.next(),
    customerId,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const response: Contact = { ...contact, isPrimary };
  return deps.contacts.create(contact, {
    guard: guardFor(caller, customerId),
    makePrimary: isPrimary,
    response,
    idempotency: claimOf(request.idempotency, now),
  });
};
