import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerNumberEntity } from '#functions/customers/customer/customer-number.entity';

/** The customer holding a customer number: one GetItem of its uniqueness sentinel (customer-number.entity.ts). */
export class DynamoDbCustomerNumbers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async customerIdOf(customerNo: string): Promise<string | undefined> {
    const key = customerNumberEntity.keyOf({ customerNo, customerId: '' });
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
    return Item ? customerNumberEntity.fromItem(Item).customerId : undefined;
  }
}
