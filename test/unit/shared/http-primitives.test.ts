import { describe, expect, it } from 'vitest';
import { parseGroupsClaim } from '#shared/auth/principal';
import { ErrorCode } from '#shared/core/errors';
import { queryInteger } from '#shared/core/schema-primitives';
import { expectedVersionFrom } from '#shared/http/etag';
import { problemShapeOf } from '#shared/http/problem';
import { buildUpdateExpression } from '#shared/db/update-expression';

describe('groups claim', () => {
  it.each([
    ['[account-manager]', ['account-manager']],
    ['[admin sales-manager]', ['admin', 'sales-manager']],
    ['["admin","executive"]', ['admin', 'executive']],
    ['executive', ['executive']],
    ['', []],
    [undefined, []],
  ])('parses %j', (claim, groups) => {
    expect(parseGroupsClaim(claim)).toEqual(groups);
  });
});

describe('If-Match', () => {
  it('reads strong ETags', () => {
    expect(expectedVersionFrom({ 'if-match': '"3"' })).toBe(3);
    expect(expectedVersionFrom({ 'if-match': ' "12" ' })).toBe(12);
  });

  it('never matches a weak ETag: If-Match uses the strong comparison (RFC 9110), so W/"n" is 412', () => {
    expect(() => expectedVersionFrom({ 'if-match': 'W/"12"' })).toThrow(expect.objectContaining({ code: ErrorCode.VersionConflict }));
    expect(() => expectedVersionFrom({ 'if-match': 'w/"12"' })).toThrow(expect.objectContaining({ code: ErrorCode.VersionConflict }));
  });

  it('requires the header (428) and treats a foreign value as a failed precondition (412)', () => {
    expect(() => expectedVersionFrom({})).toThrow(expect.objectContaining({ code: ErrorCode.PreconditionRequired }));
    expect(() => expectedVersionFrom({ 'if-match': '*' })).toThrow(expect.objectContaining({ code: ErrorCode.VersionConflict }));
    // Entity tags compare as strings: "01" is not "1" (it used to pass as version 1).
    expect(() => expectedVersionFrom({ 'if-match': '"01"' })).toThrow(expect.objectContaining({ code: ErrorCode.VersionConflict }));
  });
});

describe('problem mapping', () => {
  it('maps every error code to a 4xx, or 503 for a busy service', () => {
    for (const code of Object.values(ErrorCode)) {
      const { status } = problemShapeOf(code);
      expect(status === 503 || (status >= 400 && status < 500), `${code} → ${status}`).toBe(true);
    }
  });
});

describe('update expressions', () => {
  it('keeps every attribute name and value behind a placeholder', () => {
    const built = buildUpdateExpression({ set: { name: 'a#b', 'weird:attr': 1 }, copy: { gsi4sk: 'gsi2sk' }, remove: ['fax'], increment: { version: 1 } });

    expect(built.UpdateExpression).toBe('SET #u0 = :u0, #u1 = :u1, #u2 = #u3, #u4 = #u4 + :u2 REMOVE #u5');
    expect(built.ExpressionAttributeNames).toEqual({ '#u0': 'name', '#u1': 'weird:attr', '#u2': 'gsi4sk', '#u3': 'gsi2sk', '#u4': 'version', '#u5': 'fax' });
    expect(built.ExpressionAttributeValues).toEqual({ ':u0': 'a#b', ':u1': 1, ':u2': 1 });
  });
});

describe('integer query parameters', () => {
  const limit = queryInteger(1, 100, 25);

  it.each([['10', 10], ['1', 1], ['100', 100], [undefined, 25]])('reads %j as %j', (raw, expected) => {
    expect(limit.parse(raw)).toBe(expected);
  });

  it.each(['1e1', '0x10', '+5', '-5', '10.0', ' 10', '10 ', '010', '', 'ten', '0', '101', '9'.repeat(20)])('refuses %j', (raw) => {
    expect(limit.safeParse(raw).success).toBe(false);
  });
});
