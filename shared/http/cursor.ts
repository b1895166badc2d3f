import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '#shared/core/errors';

/**
 * Opaque, tamper-evident list cursors. A cursor is `base64url(payload).base64url(hmac)`; the payload holds the
 * DynamoDB LastEvaluatedKey and a fingerprint of the query it came from, so a cursor cannot be forged, edited,
 * or replayed against another query, filter or caller.
 */
export type PageKey = Record<string, string | number>;

const MAX_CURSOR_LENGTH = 2048;

const invalid = (): DomainError => new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');

export const queryFingerprint = (parts: unknown): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

export const createCursorCodec = (secret: string) => {
  const sign = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

  return {
    encode(key: PageKey, fingerprint: string): string {
      const payload = Buffer.from(JSON.stringify({ k: key, f: fingerprint })).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },

    decode(cursor: string, fingerprint: string): PageKey {
      if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
      const [payload, signature, extra] = cursor.split('.');
      if (!payload || !signature || extra !== undefined) throw invalid();
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const { k, f } = (decoded ?? {}) as { k?: unknown; f?: unknown };
      if (f !== fingerprint || !k || typeof k !== 'object') throw invalid();
      const entries = Object.entries(k as Record<string, unknown>);
      if (!entries.every(([, value]) => typeof value === 'string' || typeof value === 'number')) throw invalid();
      return Object.fromEntries(entries) as PageKey;
    },
  };
};

export type CursorCodec = ReturnType<typeof createCursorCodec>;
