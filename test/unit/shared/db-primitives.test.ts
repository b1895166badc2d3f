import { describe, expect, it } from 'vitest';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import { part, parts, refusedParts } from '#shared/db/transactions';
import { buildUpdateExpression, changesSomething } from '#shared/db/update-expression';

/** A cancelled transaction as the SDK reports it: one reason per element, in the order sent. */
const cancelled = (...codes: string[]) =>
  Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => (Code === 'ConditionalCheckFailed' ? { Code, Item: { pk: { S: 'CUSTOMER#1' }, version: { N: '3' } } } : { Code })),
  });

describe('labelled transaction parts', () => {
  const sent = [part('customer', { ConditionCheck: {} as never }), ...parts('line', [{ Put: {} as never }, { Put: {} as never }]), part('idempotency', { Put: {} as never })];

  it('names the refusing element by its label, with the item its condition saw', () => {
    // Act
    const error = cancelled('None', 'None', 'ConditionalCheckFailed', 'TransactionConflict');
    const refused = refusedParts(error, sent);

    // Assess
    expect(refused?.labels).toEqual(['line']);
    expect(refused?.has('customer')).toBe(false);
    expect(refused?.old('line')).toEqual({ pk: 'CUSTOMER#1', version: 3 });
    // The cancellation itself, to rethrow when no rule explains the refusal (a conflict beside it → 409, not 500)
    expect(refused?.error).toBe(error);
  });

  it('is undefined for a conflict or any other error: only condition failures are explained', () => {
    expect(refusedParts(cancelled('TransactionConflict', 'None', 'None', 'None'), sent)).toBeUndefined();
    expect(refusedParts(new Error('boom'), sent)).toBeUndefined();
  });
});

describe('update plans', () => {
  it('writes ADD, DELETE and document paths behind placeholders, one placeholder per attribute name', () => {
    // Act
    const built = buildUpdateExpression({ set: { entity: 'X' }, increment: { 'lastValue.amount': -5 }, add: { count: 1, usernames: new Set(['a']) }, delete: { tags: new Set(['b']) }, remove: ['gsi1pk'] });

    // Assess
    expect(built.UpdateExpression).toBe('SET #u0 = :u0, #u1.#u2 = #u1.#u2 + :u1 ADD #u3 :u2, #u4 :u3 DELETE #u5 :u4 REMOVE #u6');
    expect(built.ExpressionAttributeNames).toEqual({ '#u0': 'entity', '#u1': 'lastValue', '#u2': 'amount', '#u3': 'count', '#u4': 'usernames', '#u5': 'tags', '#u6': 'gsi1pk' });
    expect(changesSomething({})).toBe(false);
    expect(changesSomething({ remove: ['x'] })).toBe(true);
  });
});

describe('entities', () => {
  interface Thing {
    id: string;
    name: string;
    tag?: string;
  }
  const thing = defineEntity<Thing>({
    name: 'Thing',
    fields: fieldsOf<Thing>()('id', 'name', 'tag'),
    keyOf: (value) => ({ pk: `THING#${value.id}`, sk: 'THING' }),
    indexesOf: (value) => ({ gsi1pk: value.tag && `TAG#${value.tag}`, gsi1sk: value.id }),
  });

  it('puts keys, the entity marker and index attributes on the item, and reads back only the declared fields', () => {
    // Act
    const item = thing.toItem({ id: '1', name: 'n' });
    const back = thing.fromItem({ ...item, gsi9pk: 'stray', ttl: 1 });

    // Assess: sparse — no tag, no gsi1pk
    expect(item).toEqual({ pk: 'THING#1', sk: 'THING', entity: 'Thing', id: '1', name: 'n', gsi1sk: '1' });
    expect(back).toEqual({ id: '1', name: 'n' });
  });
});
