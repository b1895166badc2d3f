import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import { orderEntity } from '#functions/orders/order/order.entity';
import { serviceEntity } from '#functions/services/service.entity';
import { customerHeadOf, type CustomerHead } from '#shared/customer-records/customer-head';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { serviceKeys } from '#shared/keys/service.keys';
import type { ParentReader } from './attachment.ports';
import type { AttachmentParentType, ParentRecord } from './attachment.rules';

const KEY_OF: Record<AttachmentParentType, (id: string) => { pk: string; sk: string }> = {
  customer: customerKeys.item,
  opportunity: opportunityKeys.item,
  order: orderKeys.item,
  service: serviceKeys.item,
};

/** What a parent's own item says about who may see it; each read through the owning feature's entity module. */
const parentOf = (type: AttachmentParentType, id: string, item: Item): ParentRecord | undefined => {
  switch (type) {
    case 'customer': {
      const head = customerHeadOf(item);
      return head && { type, id, customerId: head.id, archived: head.deletedAt !== undefined };
    }
    case 'opportunity': {
      const opportunity = opportunityEntity.fromItem(item);
      return { type, id, customerId: opportunity.customerId, assigneeId: opportunity.assigneeId, archived: false };
    }
    case 'order':
      return { type, id, customerId: orderEntity.fromItem(item).customerId, archived: false };
    case 'service': {
      const service = serviceEntity.fromItem(item);
      return { type, id, customerId: service.customerId, assigneeId: service.assigneeId, archived: false };
    }
  }
};

/** The records attachments hang on: one consistent GetItem of the record (and of its customer when the rule needs it). */
export class DynamoDbParentReader implements ParentReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async item(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item;
  }

  async find(type: AttachmentParentType, parentId: string): Promise<ParentRecord | undefined> {
    const item = await this.item(KEY_OF[type](parentId));
    return item ? parentOf(type, parentId, item) : undefined;
  }

  async customer(customerId: string): Promise<CustomerHead | undefined> {
    return customerHeadOf(await this.item(customerKeys.item(customerId)));
  }
}
