import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyClaim } from '#shared/core/idempotency';
import { idempotencyKeys } from './keys';
import type { TransactItem } from './transactions';

/**
 * The idempotency record of a create, as one item of the create's own transaction (a create and its record exist
 * together or not at all). An expired record that TTL has not swept yet no longer counts.
 */
export const idempotencyPut = (tableName: string, claim: IdempotencyClaim, response: unknown): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...idempotencyKeys.item(claim.username, claim.operationId, claim.key),
      entity: 'IdempotencyRecord',
      fingerprint: claim.fingerprint,
      response,
      ttl: claim.expiresAt,
    },
    ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':now': claim.expiresAt - IDEMPOTENCY_TTL_SECONDS },
  },
});
