import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { uniqueProductCodeEntity } from '#functions/orders/products/unique-product-code.entity';

/** The product holding a code: one GetItem of its uniqueness sentinel (unique-product-code.entity.ts). */
export class DynamoDbProductCodes {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async productIdOf(code: string): Promise<string | undefined> {
    const key = uniqueProductCodeEntity.keyOf({ code, productId: '' });
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
    return Item ? uniqueProductCodeEntity.fromItem(Item).productId : undefined;
  }
}
