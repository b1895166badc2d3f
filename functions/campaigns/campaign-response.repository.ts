import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { campaignEffectEntity } from '#shared/campaigns/campaign-effect.entity';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityCreateParts, type OpportunityWritePart } from '#shared/opportunities/opportunity-create.writes';
import { campaignMemberEntity } from './campaign-launch.entity';
import { campaignResponseEntity } from './campaign-response.entity';
import { RESPONDABLE_STATUSES } from './campaign-response.rules';
import type { CampaignResponse } from './campaign-response.schema';
import { campaignEntity } from './campaign.entity';
import { queryCampaignCollectionPage } from './campaign-collection.reads';
import type { CampaignResponseRepository, Page, PageKey, ResponseContext, ResponseWrite, ResponseWriteOutcome } from './campaign.ports';

type ResponsePart = 'response' | 'campaign' | 'customer' | 'contact' | 'member' | 'effect' | OpportunityWritePart;


/**
 * A campaign's responses (docs/data-model.md, "Campaign responses"): the read a response is judged on (1 consistent
 * BatchGetItem: campaign, customer, contact, member) and its ONE TransactWriteItems — the response, the campaign,
 * customer and contact held to what was read, the member's forward move, the effect counters, the opportunity with
 * everything its create writes (shared/opportunities), the idempotency record and the audit entries.
 */
export class DynamoDbCampaignResponseRepository implements CampaignResponseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async context(campaignId: string, customerId: string, contactId?: string): Promise<ResponseContext> {
    const keys = [
      campaignKeys.item(campaignId),
      customerKeys.item(customerId),
      ...(contactId ? [contactKeys.item(customerId, contactId), campaignKeys.member(campaignId, contactId)] : []),
    ];
    const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
    if ((answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []).length > 0) throw new DomainError(ErrorCode.ServiceBusy, 'The table is busy; try again.', { retryAfterSeconds: 1 });
    const items = (answer.Responses?.[this.tableName] ?? []) as Item[];
    const found = (key: { pk: string; sk: string }) => items.find((item) => item['pk'] === key.pk && item['sk'] === key.sk);
    const campaign = found(keys[0]!);
    const customer = found(keys[1]!);
    const contact = contactId ? found(keys[2]!) : undefined;
    const member = contactId ? found(keys[3]!) : undefined;
    return {
      ...(campaign ? { campaign: campaignEntity.fromItem(campaign) } : {}),
      ...(customer && customer['deletedAt'] === undefined
        ? { customer: { id: customerId, name: String(customer['name']), ownerId: String(customer['ownerId']) } }
        : {}),
      contactFound: contact !== undefined && contact['deletedAt'] === undefined,
      ...(member && member['customerId'] === customerId ? { member: campaignMemberEntity.fromItem(member) } : {}),
    };
  }

  async record(write: ResponseWrite): Promise<ResponseWriteOutcome> {
    const { response, opportunity, memberChange, idempotency } = write;
    const table = this.tableName;
    const effect = { campaignId: response.campaignId };
    const counts = {
      responses: 1,
      ...(opportunity ? { leads: 1 } : {}),
      ...Object.fromEntries(Object.entries(memberChange?.counts ?? {}).filter(([, count]) => count !== 0)),
    };
    const sent: TransactionPart<ResponsePart>[] = [
      part('response', { Put: { TableName: table, Item: campaignResponseEntity.toItem(response), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('campaign', {
        ConditionCheck: {
          TableName: table,
          Key: campaignKeys.item(response.campaignId),
          ConditionExpression: `attribute_exists(pk) AND #status IN (${RESPONDABLE_STATUSES.map((_, index) => `:s${index}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: Object.fromEntries(RESPONDABLE_STATUSES.map((status, index) => [`:s${index}`, status])),
        },
      }),
      // Held to the owner read: the response is listed under that owner, and an account manager records for their own.
      part('customer', {
        ConditionCheck: {
          TableName: table,
          Key: customerKeys.item(response.customerId),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND ownerId = :owner',
          ExpressionAttributeValues: { ':owner': response.ownerId },
        },
      }),
      ...(response.contactId
        ? [part<ResponsePart>('contact', {
            ConditionCheck: { TableName: table, Key: contactKeys.item(response.customerId, response.contactId), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)' },
          })]
        : []),
      ...(memberChange && response.contactId
        ? [part<ResponsePart>('member', conditionalUpdate(
            table,
            campaignKeys.member(response.campaignId, response.contactId),
            buildUpdateExpression({ set: memberChange.set }),
            {
              ConditionExpression: ['#ms = :read', ...memberChange.firstOf.map((_, index) => `attribute_not_exists(#mm${index})`)].join(' AND '),
              names: { '#ms': 'status', ...Object.fromEntries(memberChange.firstOf.map((milestone, index) => [`#mm${index}`, milestone])) },
              values: { ':read': memberChange.statusRead },
            },
          ))]
        : []),
      part('effect', plainUpdate(table, campaignEffectEntity.keyOf(effect), campaignEffectEntity.addPlan(effect, counts), 'e')),
      // The customer is checked above (one operation per item in a transaction): the create's own check is left out.
      ...(opportunity ? opportunityCreateParts(table, opportunity).filter((element) => element.label !== 'existingCustomer') : []),
      ...(idempotency ? [part<ResponsePart>('idempotency', idempotencyPut(table, idempotency, response))] : []),
      part('audit', auditPut(table, {
        at: response.createdAt,
        actor: response.createdBy,
        action: 'create',
        entityType: 'campaign-response',
        entityId: response.id,
        customerId: response.customerId,
        entityVersion: 1,
        changes: changesBetween(undefined, response),
        note: `campaign ${response.campaignId}`,
      })),
    ];
    // Audit entries last, after every element whose refusal explains something.
    const ordered = [...sent.filter((element) => element.label !== 'audit'), ...sent.filter((element) => element.label === 'audit')];
    const refused = await transactParts(this.client, ordered);
    if (!refused) return { kind: 'created', value: response };
    if (idempotency && refused.has('idempotency')) {
      const replayed = await replayAfterRefusal<CampaignResponse>(this.client, table, idempotency);
      if (replayed !== undefined) return { kind: 'replayed', value: replayed };
    }
    // Something read has changed since: judged again on a fresh read (the use case's retry).
    if (refused.has('campaign') || refused.has('customer') || refused.has('contact') || refused.has('member')) return { kind: 'stale' };
    throw refused.error;
  }

  async list(campaignId: string, scope: { ownerId?: string | undefined }, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<CampaignResponse>> {
    const responses = { campaignId, ownerId: scope.ownerId, byOwner: campaignKeys.responsesByOwner, prefix: campaignKeys.responsePrefix };
    return queryCampaignCollectionPage(this.client, this.tableName, { ...responses, newestFirst: true, fromItem: (item) => campaignResponseEntity.fromItem(item) }, page);
  }
}
