import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { DunningLetter } from './dunning.schema';

/** Keys of dunning letters: in the order's item collection, in time order (ULID). */
export const dunningLetterKeys = {
  item: (orderId: string, letterId: string) => ({ pk: `ORDER#${orderId}`, sk: `DUNLETTER#${letterId}` }),
  prefix: 'DUNLETTER#',
} as const;

/** A dunning letter (催款函) to the customer's primary contact: requested, approved (the first one), sent once. */
export const dunningLetterEntity = defineEntity<DunningLetter>({
  name: 'DunningLetter',
  fields: fieldsOf<DunningLetter>()(
    'id', 'orderId', 'customerId', 'orderNo', 'status', 'needsApproval', 'to', 'contactName', 'subject', 'text', 'html', 'templateVersion', 'message',
    'approvedAt', 'approvedBy', 'sentAt', 'messageId', 'error', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (letter) => dunningLetterKeys.item(letter.orderId, letter.id),
});
