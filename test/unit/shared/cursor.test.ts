import { describe, expect, it } from 'vitest';
import { createCursorCodec } from '#shared/http/cursor';
import { ErrorCode } from '#shared/core/errors';

const codec = createCursorCodec('x'.repeat(32));
const key = { pk: 'CUSTOMER#1', sk: 'CUSTOMER', gsi2pk: 'CUSTOMER', gsi2sk: 'acme#1' };

describe('signed cursors', () => {
  it('round-trips a key for the same query', () => {
    expect(codec.decode(codec.encode(key, 'f1'), 'f1')).toEqual(key);
  });

  it.each([
    ['another query', (cursor: string) => [cursor, 'f2']],
    ['an edited payload', (cursor: string) => [`${Buffer.from(JSON.stringify({ k: { pk: 'CUSTOMER#2' }, f: 'f1' })).toString('base64url')}.${cursor.split('.')[1]}`, 'f1']],
    ['a cursor signed with another key', () => [createCursorCodec('y'.repeat(32)).encode(key, 'f1'), 'f1']],
    ['garbage', () => ['not-a-cursor', 'f1']],
    ['an oversized cursor', () => ['a'.repeat(5000), 'f1']],
  ])('refuses %s', (_label, tamper) => {
    const [cursor, fingerprint] = tamper(codec.encode(key, 'f1')) as [string, string];
    expect(() => codec.decode(cursor, fingerprint)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidCursor }));
  });
});
