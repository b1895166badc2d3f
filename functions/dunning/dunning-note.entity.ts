import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { DunningNote } from './dunning.schema';

/** Keys of dunning notes: in the order's item collection, in time order (ULID). */
export const dunningNoteKeys = {
  item: (orderId: string, noteId: string) => ({ pk: `ORDER#${orderId}`, sk: `DUNNOTE#${noteId}` }),
  prefix: 'DUNNOTE#',
} as const;

/** A dunning note (催款记录): how the customer was chased about an order, and what they promised. */
export const dunningNoteEntity = defineEntity<DunningNote>({
  name: 'DunningNote',
  fields: fieldsOf<DunningNote>()(
    'id', 'orderId', 'customerId', 'method', 'note', 'promisedPayAt', 'promisedAmount', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (note) => dunningNoteKeys.item(note.orderId, note.id),
});
