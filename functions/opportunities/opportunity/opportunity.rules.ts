import type { Caller } from '#shared/auth/caller';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { OpportunityGuard } from './opportunity.ports';
import { LOST_STAGE, WON_STAGE } from './stages';
import { FINAL_STATUSES, type Opportunity, type OpportunityStatus } from './opportunity.schema';

/** Rules shared by several opportunity use cases, and by the repository to explain a refused write. */

export const opportunityNotFound = (opportunityId: string): DomainError =>
  new DomainError(ErrorCode.OpportunityNotFound, `Opportunity ${opportunityId} does not exist.`);

/** For account managers (scope `own`), an opportunity not assigned to them looks exactly like a missing one. */
export const visibleTo = (caller: Caller, opportunity: Opportunity | undefined): opportunity is Opportunity =>
  opportunity !== undefined && (caller.scope === 'all' || opportunity.assigneeId === caller.username);

/** Scoped callers only write opportunities assigned to them: their username becomes part of the write's condition. */
export const assigneeScopeOf = (caller: Caller): string | undefined => (caller.scope === 'own' ? caller.username : undefined);

const isFinal = (status: OpportunityStatus): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

/**
 * Why `opportunity` does not satisfy `guard`, or undefined when it does. Scope first (no existence leak), then
 * the life cycle (won and lost are final; a move from the wrong status is invalid), then the version.
 * Used on the use case's read and on the item a failed condition saw (ALL_OLD), so both answer alike.
 */
export const refusalOf = (
  opportunityId: string,
  opportunity: Pick<Opportunity, 'status' | 'version' | 'assigneeId'> | undefined,
  guard: OpportunityGuard,
): DomainError | undefined => {
  if (!opportunity || (guard.assigneeScope !== undefined && opportunity.assigneeId !== guard.assigneeScope)) {
    return opportunityNotFound(opportunityId);
  }
  if (!guard.statuses.includes(opportunity.status)) {
    return new DomainError(
      ErrorCode.InvalidTransition,
      isFinal(opportunity.status)
        ? `Opportunity ${opportunityId} is ${opportunity.status}; won and lost are final.`
        : `Opportunity ${opportunityId} is ${opportunity.status}; this needs it to be ${guard.statuses.join(' or ')}.`,
    );
  }
  if (guard.expectedVersion !== undefined && opportunity.version !== guard.expectedVersion) {
    return new DomainError(
      ErrorCode.VersionConflict,
      `Opportunity ${opportunityId} has changed since you read it (now version ${opportunity.version}); read it again.`,
    );
  }
  return undefined;
};

/** Throws the refusal, or narrows to an opportunity that satisfies the guard. */
export function ensureGuard(
  opportunityId: string,
  opportunity: Opportunity | undefined,
  guard: OpportunityGuard,
): asserts opportunity is Opportunity {
  const refusal = refusalOf(opportunityId, opportunity, guard);
  if (refusal) throw refusal;
}

/** An assignee must be an enabled account manager (docs/permissions.md: they work the opportunities assigned to them). */
export const resolveAssignee = async (
  directory: UserDirectory,
  username: string,
): Promise<{ assigneeId: string; assigneeName: string }> => {
  const user = await directory.findUser(username);
  if (!user || !user.enabled || !user.roles.includes('account-manager')) {
    throw new DomainError(ErrorCode.InvalidAssignee, 'Opportunities are assigned to enabled account managers only.', {
      errors: [{ path: 'body.assigneeId', message: `No enabled account manager ${username}.` }],
    });
  }
  return { assigneeId: user.username, assigneeName: user.name };
};

/** The opportunity after field changes (`null` clears), version and audit fields moved on. */
export const withChanges = (
  current: Opportunity,
  changes: Partial<Record<keyof Opportunity, unknown>>,
  actor: { username: string; at: string },
): Opportunity => {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return { ...next, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username } as Opportunity;
};

/**
 * The opportunity once closed: won (linked to the customer it made or had) or lost (with the reason), by the actor;
 * its stage becomes the closing outcome (won 100 %, lost 0 %).
 */
export const closedOpportunity = (
  current: Opportunity,
  outcome: { status: 'won'; customerId: string | undefined } | { status: 'lost'; lostReason: string },
  actor: { username: string; at: string },
): Opportunity =>
  withChanges(
    current,
    {
      ...outcome,
      stage: outcome.status === 'won' ? WON_STAGE : LOST_STAGE,
      probability: outcome.status === 'won' ? 100 : 0,
      closedAt: actor.at,
      closedBy: actor.username,
    },
    actor,
  );
