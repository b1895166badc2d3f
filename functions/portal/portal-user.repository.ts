import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactEntity } from '#functions/contacts/contact.entity';
import { auditPut } from '#shared/audit/audit.writes';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerHeadOf, type CustomerHead } from '#shared/customer-records/customer-head';
import { part, transactParts } from '#shared/db/transactions';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { portalContactClaimEntity, portalUserEntity } from './portal-user.entity';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import type { PortalCompany, PortalContact, PortalSessionRead, PortalUserRepository } from './portal.ports';
import { companyOf, readSession } from './portal-session.reads';
import type { PortalUser } from './portal-user.schema';

/** Portal users in the single table (docs/data-model.md, "Portal users"). */
export class DynamoDbPortalUserRepository implements PortalUserRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async item(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return Item;
  }

  async get(portalUserId: string): Promise<PortalUser | undefined> {
    const item = await this.item(portalUserKeys.item(portalUserId));
    return item ? portalUserEntity.fromItem(item) : undefined;
  }

  async session(portalUserId: string): Promise<PortalSessionRead> {
    const { user, company } = await readSession(this.client, this.tableName, portalUserId);
    return { user, company };
  }

  async byContact(contactId: string): Promise<PortalUser | undefined> {
    const claim = await this.item(portalUserKeys.contactClaim(contactId));
    return claim ? this.get(portalContactClaimEntity.fromItem(claim).portalUserId) : undefined;
  }

  async listByCustomer(customerId: string): Promise<PortalUser[]> {
    const index = portalUserKeys.byCustomer;
    const users: PortalUser[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.pkAttribute },
          ExpressionAttributeValues: { ':pk': index.pk(customerId) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      users.push(...(page.Items ?? []).map((item) => portalUserEntity.fromItem(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return users;
  }

  async customerHead(customerId: string): Promise<CustomerHead | undefined> {
    return customerHeadOf(await this.item(customerKeys.item(customerId)));
  }

  async company(customerId: string): Promise<PortalCompany | undefined> {
    return companyOf(await this.item(customerKeys.item(customerId)));
  }

  async contact(customerId: string, contactId: string): Promise<PortalContact | undefined> {
    const item = await this.item(contactKeys.item(customerId, contactId));
    if (!item) return undefined;
    const { id, name, email, mobile, officePhone, position, version } = contactEntity.fromItem(item);
    return { id, customerId, name, email, mobile, officePhone, position, version };
  }

  async create(user: PortalUser, audit: AuditEvent): Promise<'created' | 'contact-taken'> {
    const refused = await transactParts(this.client, [
      part('user', { Put: { TableName: this.tableName, Item: portalUserEntity.toItem(user), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('claim', {
        Put: {
          TableName: this.tableName,
          Item: portalContactClaimEntity.toItem({ contactId: user.contactId, portalUserId: user.id }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (!refused) return 'created';
    if (refused.has('claim') || refused.has('user')) return 'contact-taken';
    throw refused.error;
  }

  async replace(user: PortalUser, expectedVersion: number, audit: AuditEvent): Promise<void> {
    const refused = await transactParts(this.client, [
      part('user', {
        Put: {
          TableName: this.tableName,
          Item: portalUserEntity.toItem(user),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      }),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (!refused) return;
    if (refused.has('user')) throw new DomainError(ErrorCode.VersionConflict, 'If-Match does not match the current version.');
    throw refused.error;
  }
}
