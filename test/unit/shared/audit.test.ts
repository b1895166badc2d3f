import { describe, expect, it } from 'vitest';
import { changesBetween } from '#shared/audit/audit';
import { auditPut, fromAuditItem, toAuditItem } from '#shared/audit/audit.writes';

describe('changesBetween', () => {
  it('lists every field of a new record, without bookkeeping fields', () => {
    // Prepare
    const created = { id: 'C1', name: '北京石油', level: 'major', version: 1, createdAt: 't', createdBy: 'u', updatedAt: 't', updatedBy: 'u' };

    // Act
    const changes = changesBetween(undefined, created);

    // Assess
    expect(changes).toEqual([
      { field: 'id', new: 'C1' },
      { field: 'name', new: '北京石油' },
      { field: 'level', new: 'major' },
    ]);
  });

  it('keeps only changed fields, with old and new values, and records removals', () => {
    // Prepare
    const before = { name: 'A', region: 'east', tags: ['x'], address: { city: 'Beijing' }, version: 3 };
    const after = { name: 'A', tags: ['x', 'y'], address: { city: 'Beijing' }, level: 'major', version: 4, gsi1pk: 'OWNER#u' };

    // Act
    const changes = changesBetween(before, after);

    // Assess
    expect(changes).toEqual([
      { field: 'tags', old: ['x'], new: ['x', 'y'] },
      { field: 'level', new: 'major' },
      { field: 'region', old: 'east' },
    ]);
  });

  it('treats null as absent, so clearing a field is a removal and null → undefined is no change', () => {
    expect(changesBetween({ region: 'east', phone: null }, { region: null })).toEqual([{ field: 'region', old: 'east' }]);
  });
});

describe('audit items', () => {
  const event = {
    at: '2026-11-22T10:00:00.000Z',
    actor: 'am1',
    action: 'update' as const,
    entityType: 'contact' as const,
    entityId: 'K1',
    customerId: 'C1',
    entityVersion: 2,
    changes: [{ field: 'phone', old: '1', new: '2' }],
  };

  it('stores an entry under the record, the customer, the actor and the day, and reads back only its fields', () => {
    // Act
    const { Put } = auditPut('crm', event);
    const item = Put.Item;

    // Assess
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(item.pk).toBe('AUDIT#contact#K1');
    expect(item.sk).toMatch(/^2026-11-22T10:00:00.000Z#[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(item).toMatchObject({
      gsi1pk: 'AUDIT#CUSTOMER#C1',
      gsi2pk: 'AUDIT#ACTOR#am1',
      gsi3pk: 'AUDIT#DAY#2026-11-22',
      gsi1sk: item.sk,
      gsi2sk: item.sk,
      gsi3sk: item.sk,
    });
    expect(fromAuditItem(item)).toEqual({ ...event, id: item.id });
  });

  it('gives entries of the same instant increasing ids, so they sort in write order', () => {
    const first = auditPut('crm', event).Put.Item;
    const second = auditPut('crm', event).Put.Item;
    expect(String(second.sk) > String(first.sk)).toBe(true);
  });

  it('leaves the customer index out for records that belong to no customer', () => {
    const { customerId: _ignored, ...product } = { ...event, entityType: 'product' as const };
    const item = toAuditItem({ ...product, id: '01J0000000000000000000000A' });
    expect(item.gsi1pk).toBeUndefined();
  });
});
