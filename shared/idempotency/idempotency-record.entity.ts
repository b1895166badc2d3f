import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import type { IdempotencyRequest } from './idempotency';
import { idempotencyKeys } from './idempotency.keys';

/** What an idempotency record stores beside its key: the request's fingerprint, the first answer, its TTL. */
export interface StoredAnswerRecord {
  /** Hash of the request; the same key with another request is refused. */
  readonly fingerprint: string;
  readonly response: unknown;
  /** Epoch seconds: the record counts until then, and DynamoDB's TTL sweeps it some time after. */
  readonly ttl: number;
}

/** A whole record: its scope (caller, operation, key — the primary key) and what it stores. */
export type IdempotencyRecord = StoredAnswerRecord & Pick<IdempotencyRequest, 'username' | 'operationId' | 'key'>;

const STORED_FIELDS = fieldsOf<StoredAnswerRecord>()('fingerprint', 'response', 'ttl');

/**
 * The idempotency record of a create (`pk = IDEMPOTENCY#<caller>#<operation>#<key>`), declared once:
 * `idempotencyPut` writes it and `findStoredAnswer` reads it (shared/idempotency/idempotency.writes.ts). The scope
 * is in the key only, so `fromItem` gives back the stored fields.
 */
const base = defineEntity<IdempotencyRecord>({
  name: 'IdempotencyRecord',
  fields: STORED_FIELDS,
  keyOf: (record) => idempotencyKeys.item(record.username, record.operationId, record.key),
});

export const idempotencyRecordEntity = {
  ...base,
  fromItem: (item: Item): StoredAnswerRecord => base.fromItem(item),
  keyOfRequest: (request: Pick<IdempotencyRequest, 'username' | 'operationId' | 'key'>) =>
    idempotencyKeys.item(request.username, request.operationId, request.key),
};
