import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { serviceKeys } from '#shared/keys/service.keys';
import type { ServiceMove } from './service.schema';

/**
 * One move in a request's history (`pk = SERVICE#<id>`, `sk = MOVE#<at>#<version>`), in the request's item
 * collection, so the request with its history is one Query. The item also names its request (`serviceId`); the
 * history the API answers carries the move's own fields only.
 */
export const SERVICE_MOVE_FIELDS = fieldsOf<ServiceMove>()(
  'move', 'from', 'to', 'at', 'by', 'version', 'assigneeId', 'handling', 'feedback', 'satisfaction',
);

export type StoredServiceMove = ServiceMove & { readonly serviceId: string };

const base = defineEntity<StoredServiceMove>({
  name: 'ServiceMove',
  fields: fieldsOf<StoredServiceMove>()(...SERVICE_MOVE_FIELDS, 'serviceId'),
  keyOf: (move) => serviceKeys.move(move.serviceId, move.at, move.version),
});

export const serviceMoveEntity = {
  ...base,
  /** The move as the history shows it (without `serviceId`). */
  fromItem: (item: Item): ServiceMove => pickFields<ServiceMove>(item, SERVICE_MOVE_FIELDS),
};
