import { DomainError, ErrorCode } from '#shared/core/errors';

/** Strong ETag from the entity version: `"7"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Reads the expected version from `If-Match`. Missing → 428 (no blind writes). A value that is not one of our
 * ETags can never match the current version → 412, as RFC 9110 says for a failed precondition.
 */
export const expectedVersionFrom = (headers: Record<string, string | undefined>): number => {
  const raw = headers['if-match']?.trim();
  if (!raw) {
    throw new DomainError(
      ErrorCode.PreconditionRequired,
      'This change needs an If-Match header with the ETag you last read, so that no update is lost.',
    );
  }
  // Our ETags are `"<version>"` exactly: `"01"` is another entity tag (RFC 9110 compares them as strings), so a
  // leading zero never matches — it used to pass as version 1 (found by test/e2e/fuzz.e2e.test.ts). If-Match uses
  // the strong comparison (RFC 9110 §13.1.1): a weak tag `W/"1"` never matches, whatever its version.
  const match = /^"(0|[1-9]\d{0,14})"$/.exec(raw);
  if (!match) throw new DomainError(ErrorCode.VersionConflict, 'If-Match does not match the current version.');
  return Number(match[1]);
};
