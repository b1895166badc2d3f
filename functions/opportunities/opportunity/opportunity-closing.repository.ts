import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactEntity } from '#functions/contacts/contact.entity';
import type { StoredContact } from '#functions/contacts/contact.schema';
import { customerNumberEntity } from '#functions/customers/customer/customer-number.entity';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { contactDirectoryEntity } from '#shared/customer-records/contact-directory.entity';
import { part, parts } from '#shared/db/transactions';
import { duplicateKeyParts, duplicatePairParts } from '#shared/duplicates/duplicate-keys.writes';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { compositionUpdates } from '#shared/reports/composition.writes';
import { contactSearchTermParts, customerSearchTermParts } from '#shared/search/search-terms.writes';
import { planMoveOf, refuseOnStepMove } from '#functions/opportunities/plan-steps/plan-step.moves';
import { opportunityIndexChanges } from './opportunity.entity';
import type { Actor, IdempotencyClaim, OpportunityGuard, OpportunityRepository, Outcome, WinCreation } from './opportunity.ports';
import { closedOpportunity } from './opportunity.rules';
import type { Opportunity } from './opportunity.schema';
import {
  headerRefusal,
  headerUpdate,
  opportunityAudit,
  trackedParts,
  refuseOnHeader,
  replayOnRefusal,
  sendParts,
  type OpportunityParts,
} from './opportunity.writes';

const created = { ConditionExpression: 'attribute_not_exists(pk)' } as const;

/**
 * The customer a win creates, written as the customers feature creates one (customer item, number sentinel, a
 * place in the composition counts, an audit entry), with its primary contact written as the contacts feature
 * writes a new primary contact: the contact item in the head of the customer's collection, the contact directory
 * entry, and on the customer item the `primaryContactId` pointer and the `contactCount` counter.
 */
const customerCreationParts = (tableName: string, creation: WinCreation, actor: Actor): OpportunityParts => {
  const { customer, contact } = creation;
  const withContact = contact ? { ...customer, primaryContactId: contact.id } : customer;
  const customerItem = { ...customerEntity.toItem(withContact), ...(contact ? { contactCount: 1 } : {}) };
  const creationAudit = (entityType: 'customer' | 'contact', entityId: string, value: { version: number }) =>
    part(
      'audit',
      auditPut(tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'create',
        entityType,
        entityId,
        customerId: customer.id,
        entityVersion: value.version,
        changes: changesBetween(undefined, value),
      }),
    );
  const sent: OpportunityParts = [
    part('customer', { Put: { TableName: tableName, Item: customerItem, ...created } }),
    part('customerNo', {
      Put: { TableName: tableName, Item: customerNumberEntity.toItem({ customerNo: customer.customerNo, customerId: customer.id }), ...created },
    }),
  ];
  // Its keys in the duplicate index, as a customer create writes them: claimed only when free unless allowed.
  sent.push(...parts('duplicate', duplicateKeyParts(tableName, customer.id, undefined, customer, { allowDuplicates: creation.duplicates.allow })));
  if (creation.duplicates.allow && creation.duplicates.pairs) {
    sent.push(...parts('pair', duplicatePairParts(tableName, customer.id, creation.duplicates.pairs, actor)));
  }
  const audits = [creationAudit('customer', customer.id, withContact)];
  if (contact) {
    const stored: StoredContact = {
      id: contact.id,
      customerId: customer.id,
      name: contact.name,
      ...(contact.mobile ? { mobile: contact.mobile } : {}),
      ...(contact.officePhone ? { officePhone: contact.officePhone } : {}),
      version: 1,
      createdAt: actor.at,
      createdBy: actor.username,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    const directory = { ...contactDirectoryEntity.keyOf(customer.id), entity: contactDirectoryEntity.name, [contact.id]: { name: contact.name } };
    sent.push(
      part('contact', { Put: { TableName: tableName, Item: contactEntity.toItem(stored), ...created } }),
      part('contact', { Put: { TableName: tableName, Item: directory, ...created } }),
    );
    audits.push(creationAudit('contact', contact.id, stored));
  }
  // The new customer joins the composition counts, as every customer creation does.
  sent.push(...parts('composition', compositionUpdates(tableName, customer.id, undefined, customer)));
  // ... and the search index, customer and contact alike (shared/search/search-terms.writes.ts).
  sent.push(...parts('search', customerSearchTermParts(tableName, undefined, customer)));
  if (contact) sent.push(...parts('search', contactSearchTermParts(tableName, undefined, { ...contact, customerId: customer.id })));
  return [...sent, ...audits];
};

/** The end of an opportunity's life: won (possibly creating its customer) or lost. */
export class OpportunityClosingRepository implements Pick<OpportunityRepository, 'win' | 'lose'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async win(
    current: Opportunity,
    creation: WinCreation | undefined,
    guard: OpportunityGuard,
    actor: Actor,
    idempotency?: IdempotencyClaim,
  ): Promise<Outcome<Opportunity>> {
    const customerId = creation?.customer.id ?? current.customerId;
    const next = closedOpportunity(current, { status: 'won', customerId }, actor);
    const index = opportunityIndexChanges(current, next);
    const plan = {
      set: {
        status: next.status,
        ...index.set,
        ...(customerId ? { customerId } : {}),
        stage: next.stage,
        probability: next.probability,
        closedAt: actor.at,
        closedBy: actor.username,
        updatedAt: actor.at,
        updatedBy: actor.username,
      },
      ...(index.remove.length > 0 ? { remove: index.remove } : {}),
      increment: { version: 1 },
    };
    // The open plan steps leave their assignee's "plan steps due" (their reminders are withdrawn at delivery).
    const move = await planMoveOf(this.client, this.tableName, current, guard, undefined);
    const sent: OpportunityParts = [
      part('header', headerUpdate(this.tableName, current.id, plan, move.guard)),
      ...trackedParts(this.tableName, current, next, actor),
      ...move.parts,
    ];
    if (creation) sent.push(...customerCreationParts(this.tableName, creation, actor));
    if (idempotency) sent.push(part('idempotency', idempotencyPut(this.tableName, idempotency, next)));
    sent.push(opportunityAudit(this.tableName, current, next, actor, 'transition'));
    const refused = await sendParts<Outcome<Opportunity>>(this.client, sent, async (failed) => {
      const replay = await replayOnRefusal<Opportunity>(this.client, this.tableName, failed, idempotency);
      if (replay) return replay;
      const refusal = headerRefusal(current.id, failed, move.guard);
      if (refusal) throw refusal;
      refuseOnStepMove(current.id, failed);
      if (failed.has('customerNo') && creation) {
        throw new DomainError(ErrorCode.CustomerNoTaken, `Customer number ${creation.customer.customerNo} is already in use.`);
      }
      // A key of the duplicate index was taken: the use case reads and describes the candidates.
      if (failed.has('duplicate')) throw new DomainError(ErrorCode.PossibleDuplicate, 'The customer matches another customer.');
      return undefined;
    });
    return refused ?? { kind: 'created', value: next };
  }

  async lose(current: Opportunity, reason: string, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const next = closedOpportunity(current, { status: 'lost', lostReason: reason }, actor);
    const index = opportunityIndexChanges(current, next);
    const plan = {
      set: { status: next.status, ...index.set, stage: next.stage, probability: next.probability, lostReason: reason, closedAt: actor.at, closedBy: actor.username, updatedAt: actor.at, updatedBy: actor.username },
      ...(index.remove.length > 0 ? { remove: index.remove } : {}),
      increment: { version: 1 },
    };
    const move = await planMoveOf(this.client, this.tableName, current, guard, undefined);
    await sendParts(
      this.client,
      [
        part('header', headerUpdate(this.tableName, current.id, plan, move.guard)),
        ...trackedParts(this.tableName, current, next, actor),
        ...move.parts,
        opportunityAudit(this.tableName, current, next, actor, 'transition', reason),
      ],
      async (refused) => {
        refuseOnStepMove(current.id, refused);
        return refuseOnHeader(current.id, move.guard)(refused);
      },
    );
    return next;
  }
}
