import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { byDisplayOrder, type CustomFieldDefinition, type CustomFieldEntityType, type CustomFieldSource } from './custom-field';
import { customFieldEntity } from './custom-field.entity';
import { customFieldKeys } from './custom-field.keys';

/**
 * An entity type's definitions, in display order: ONE strongly consistent Query of its partition (at most
 * MAX_FIELDS_PER_ENTITY_TYPE small items, one page; paged all the same). Every write of the type calls it, so a
 * write always validates against the definitions as they are now (docs/data-model.md, "Custom fields").
 */
export const readCustomFieldDefinitions = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  entityType: CustomFieldEntityType,
): Promise<CustomFieldDefinition[]> => {
  const definitions: CustomFieldDefinition[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': customFieldKeys.partition(entityType), ':prefix': customFieldKeys.definitionPrefix },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) definitions.push(customFieldEntity.fromItem(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return definitions.sort(byDisplayOrder);
};

export class DynamoDbCustomFieldSource implements CustomFieldSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  definitionsOf(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]> {
    return readCustomFieldDefinitions(this.client, this.tableName, entityType);
  }
}
