import { DomainError, ErrorCode } from '#shared/core/errors';
import { CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import { customerNotFound } from '#functions/customers/customer/customer.rules';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { Caller, MergeDependencies } from './merge.dependencies';
import { publicMergeOf, type StoredMerge } from './merge.entity';
import { MOVED_KINDS, type CustomerMerge, type MergeCustomersInput } from './merge.schema';
import { keptValuesOf } from './merge.rules';

const invalid = (path: string, message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors: [{ path, message }] });

/** The merged customer of a body: missing or archived → 400 naming body.mergedId; merged before → 409 naming the survivor. */
const mergedCustomerOf = (mergedId: string, merged: StoredCustomer | undefined): StoredCustomer => {
  if (merged?.mergedInto !== undefined) {
    throw new DomainError(ErrorCode.InvalidTransition, `Customer ${mergedId} was already merged into customer ${merged.mergedInto}.`, {
      extensions: { mergedInto: merged.mergedInto },
    });
  }
  if (!merged || merged.deletedAt !== undefined) throw invalid('body.mergedId', `No customer ${mergedId} (or it is archived).`);
  return merged;
};

/**
 * Merge a customer into another (managers only — the route's capability says so).
 *
 * Primary course: the survivor (path, If-Match) and the merged customer (body, `mergedVersion` or as read) both
 * exist and are live; their contacts and open follow-ups fit the survivor's bounds. One transaction retires the
 * merged customer (404 with `mergedInto` from then on, out of every list and feed, duplicate keys freed), checks
 * the survivor's version and records the merge (`running`, phase `keep`); the job is handed the merge
 * (merge-job.trigger.ts: an asynchronous invocation — the request does not wait for it) and runs it phase by phase
 * (run-merge-step.use-case.ts). Answers the merge record as recorded (202; its progress is
 * `GET /v1/customers/merges/{id}`).
 *
 * Alternates: mergedId = the survivor → 400 body.mergedId; survivor missing / archived → 404; merged customer
 * missing / archived → 400 body.mergedId; already merged → 409 (`mergedInto`); stale If-Match → 412; stale
 * mergedVersion → 412; too many contacts / open follow-ups together → 409 LimitReached. Nothing is written then.
 */
export const mergeCustomers = async (
  deps: MergeDependencies,
  request: { caller: Caller; survivorId: string; input: MergeCustomersInput; expectedVersion: number },
): Promise<CustomerMerge> => {
  const { survivorId, input } = request;
  if (input.mergedId === survivorId) throw invalid('body.mergedId', 'A customer cannot be merged into itself.');
  const [survivor, found] = await Promise.all([deps.customers.get(survivorId), deps.customers.get(input.mergedId)]);
  if (!survivor || survivor.deletedAt !== undefined) throw customerNotFound(survivorId);
  const merged = mergedCustomerOf(input.mergedId, found);
  if (survivor.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Customer ${survivorId} has changed since you read it (now version ${survivor.version}); read it again.`);
  }
  const mergedVersion = input.mergedVersion ?? merged.version;
  if (merged.version !== mergedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Customer ${merged.id} has changed since you read it (now version ${merged.version}); read it again.`, {
      errors: [{ path: 'body.mergedVersion', message: `The merged customer is at version ${merged.version}.` }],
    });
  }
  const counts = (customer: StoredCustomer) => customer as StoredCustomer & { contactCount?: number; openFollowUpCount?: number };
  const contacts = (counts(survivor).contactCount ?? 0) + (counts(merged).contactCount ?? 0);
  const followUps = (counts(survivor).openFollowUpCount ?? 0) + (counts(merged).openFollowUpCount ?? 0);
  if (contacts > CUSTOMER_RECORD_LIMITS.contactsPerCustomer || followUps > CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer) {
    throw new DomainError(
      ErrorCode.LimitReached,
      `Together the customers have ${contacts} contacts and ${followUps} open follow-ups; a customer holds at most ` +
        `${CUSTOMER_RECORD_LIMITS.contactsPerCustomer} and ${CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer}: remove some first.`,
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const record: StoredMerge = {
    id: deps.ids.next(),
    survivorId,
    mergedId: merged.id,
    keep: input.keep,
    status: 'running',
    phase: 'keep',
    moved: Object.fromEntries(MOVED_KINDS.map((kind) => [kind, 0])) as CustomerMerge['moved'],
    warnings: [],
    revertibleUntil: new Date(now.getTime() + deps.limits.revertDays * 86_400_000).toISOString(),
    version: 1,
    createdAt: at,
    createdBy: request.caller.username,
    updatedAt: at,
    survivorVersion: request.expectedVersion,
    survivorBefore: keptValuesOf(survivor, input.keep),
  };
  await deps.merges.start(record, { id: merged.id, version: mergedVersion }, { username: request.caller.username, at });
  await deps.trigger.continueMerge(record.id);
  return publicMergeOf(record);
};
