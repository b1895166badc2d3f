import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * The HTTP API JWT authorizer, reproduced for the local gateway. What API Gateway does, per its documentation:
 * - the token comes from the `Authorization` header, with or without a `Bearer ` prefix;
 * - its signature is checked against the issuer's JWKS (cached, as API Gateway caches keys for two hours);
 *   the header must carry a `kid` that names the signing key; RSA only (we accept RS256, what Cognito uses);
 * - `iss` must equal the configured issuer; `exp` must be in the future and `nbf`, if present, in the past;
 * - `aud` must be one of the configured audiences; only when a token has no `aud` (Cognito access tokens)
 *   is `client_id` checked instead;
 * - any failure answers 401 `{"message":"Unauthorized"}` with a `www-authenticate` header, and the
 *   integration is never called.
 * It then hands the claims to the integration as strings (see `flattenClaims`).
 */
export interface JwtAuthorizerOptions {
  /** e.g. `http://127.0.0.1:9229/local_abc123` for cognito-local. */
  issuer: string;
  /** Defaults to `<issuer>/.well-known/jwks.json`, where Cognito and cognito-local publish their keys. */
  jwksUri?: string;
  /** App client ids. */
  audience: readonly string[];
}

export type AuthorizerResult =
  | { readonly ok: true; readonly claims: Record<string, string>; readonly scopes: string[] | null }
  | { readonly ok: false; readonly wwwAuthenticate: string; readonly reason: string };

const JWKS_CACHE_MS = 2 * 60 * 60 * 1000;

/** Verified tokens kept by their exact text (a different signature or payload is a different key). */
const VERIFIED_CACHE_SIZE = 1_000;

const deny = (reason: string): AuthorizerResult => ({
  ok: false,
  reason,
  // Only the audience wording is documented by AWS; the others follow its style.
  wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${reason}"`,
});

/**
 * API Gateway passes every claim to the integration as a string: numbers and booleans as their text, arrays
 * flattened to `[a b]` (so `cognito:groups` arrives as `"[account-manager]"`), objects as JSON.
 */
export const flattenClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.map(String).join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );

const reasonFor = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token does not have a valid ${error.claim} claim`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'the token does not have a valid signature';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'the token is not signed with a supported algorithm';
  }
  return 'the token could not be verified';
};

const hasValidAudience = (payload: JWTPayload, audience: readonly string[]): boolean => {
  if (payload.aud !== undefined) {
    const values = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return values.some((value) => audience.includes(value));
  }
  return typeof payload['client_id'] === 'string' && audience.includes(payload['client_id']);
};

export const createJwtAuthorizer = ({ issuer, jwksUri, audience }: JwtAuthorizerOptions) => {
  const keySet = createRemoteJWKSet(new URL(jwksUri ?? `${issuer}/.well-known/jwks.json`), {
    cacheMaxAge: JWKS_CACHE_MS,
    timeoutDuration: 5_000,
  });

  /**
   * The verdict on a token that passed every check, until its `exp`: the same text verifies the same way for as long
   * as the key set is the same (cognito-local's never changes while the gateway runs), so a client repeating its token
   * skips the RS256 verification (~0.5 ms a request on this machine, docs/benchmarks.md). An expired entry is dropped
   * and the token verified again, which denies it with the usual reason. Oldest entries go first past the size.
   */
  const verified = new Map<string, { claims: Record<string, string>; scopes: string[] | null; exp: number }>();

  return async (authorization: string | undefined): Promise<AuthorizerResult> => {
    const token = authorization?.replace(/^bearer /i, '').trim();
    if (!token) return { ok: false, reason: 'no token', wwwAuthenticate: 'Bearer' };
    const known = verified.get(token);
    if (known) {
      // jose's rule: expired once exp <= now, in whole seconds.
      if (known.exp > Math.floor(Date.now() / 1000)) return { ok: true, claims: { ...known.claims }, scopes: known.scopes && [...known.scopes] };
      verified.delete(token);
    }

    let kid: unknown;
    try {
      ({ kid } = decodeProtectedHeader(token));
    } catch {
      return deny('the token could not be parsed');
    }
    if (typeof kid !== 'string') return deny('the token does not have a kid header');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer, algorithms: ['RS256'], requiredClaims: ['exp'] }));
    } catch (error) {
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        // Not a verdict on the token: the key set could not be fetched (is the emulator down?). The client
        // still gets 401, as from API Gateway; the log says why.
        console.error(`[gateway] cannot verify tokens of ${issuer}: ${(error as Error).message}`);
      }
      return deny(reasonFor(error));
    }
    if (!hasValidAudience(payload, audience)) return deny('the token does not have a valid audience');

    const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ').filter(Boolean) : null;
    const claims = flattenClaims(payload);
    if (typeof payload.exp === 'number') {
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims: { ...claims }, scopes: scopes && [...scopes], exp: payload.exp });
    }
    return { ok: true, claims, scopes };
  };
};

export type JwtAuthorizer = ReturnType<typeof createJwtAuthorizer>;
