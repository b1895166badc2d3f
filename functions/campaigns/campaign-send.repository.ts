import { BatchGetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, fieldUpdatesOf } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { campaignMemberEntity } from './campaign-launch.entity';
import type { CampaignMember, MemberStatus } from './campaign-launch.schema';
import type { SendContact } from './campaign-send.rules';
import type { CampaignSendRepository, MemberMove, Page, PageKey } from './campaign.ports';

/** BatchGetItem takes 100 keys; what it leaves unprocessed is asked again (a few times, then it is a fault). */
const BATCH_GET = 100;
const BATCH_ATTEMPTS = 5;

/** The contact's fields a mail needs (the contact item is the contacts feature's: contact.entity.ts; read, never written here). */
const CONTACT_PROJECTION = { ProjectionExpression: '#id, #n, email, salutation, #p, department, marketingConsent', ExpressionAttributeNames: { '#id': 'id', '#n': 'name', '#p': 'position' } };

/** The send phase on DynamoDB (docs/data-model.md, "Campaign mail"). */
export class DynamoDbCampaignSendRepository implements CampaignSendRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async members(campaignId: string, page: { limit: number; startKey?: PageKey | null | undefined }): Promise<Page<CampaignMember>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': campaignKeys.collection(campaignId), ':prefix': campaignKeys.memberPrefix },
        ConsistentRead: true,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => campaignMemberEntity.fromItem(item)),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async contacts(keys: readonly { customerId: string; contactId: string }[]): Promise<Map<string, SendContact>> {
    const found = new Map<string, SendContact>();
    for (let from = 0; from < keys.length; from += BATCH_GET) {
      let pending: Record<string, unknown>[] = keys.slice(from, from + BATCH_GET).map((key) => contactKeys.item(key.customerId, key.contactId));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > BATCH_ATTEMPTS) throw new DomainError(ErrorCode.ServiceBusy, 'The table is busy; the send goes on from its checkpoint.', { retryAfterSeconds: 1 });
        const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true, ...CONTACT_PROJECTION } } }));
        for (const item of answer.Responses?.[this.tableName] ?? []) found.set(String(item['id']), item as SendContact);
        pending = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
    return found;
  }

  async move(member: CampaignMember, move: MemberMove): Promise<boolean> {
    const changes = {
      status: move.to,
      ...(move.to === 'sent' ? { sentAt: move.at } : { statusChangedAt: move.at }),
      ...(move.skipReason !== undefined ? { skipReason: move.skipReason } : {}),
      ...(move.failReason !== undefined ? { failReason: move.failReason.slice(0, 200) } : {}),
    };
    const expression = buildUpdateExpression(fieldUpdatesOf(changes));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignKeys.member(member.campaignId, member.contactId),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#cs = :from',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cs': 'status' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':from': move.from },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async countByStatus(campaignId: string): Promise<Partial<Record<MemberStatus, number>>> {
    const counts: Partial<Record<MemberStatus, number>> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': campaignKeys.collection(campaignId), ':prefix': campaignKeys.memberPrefix },
          ProjectionExpression: '#s',
          ExpressionAttributeNames: { '#s': 'status' },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        const status = item['status'] as MemberStatus;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return counts;
  }
}
