import { createRequire } from 'node:module';
import { generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { LocalStackInfo } from '#local/stack';

/**
 * Tokens a test crafts to prove what the authorizer rejects. cognito-local signs every token with a key pair
 * published in its npm package (kid `CognitoLocal`), so a test can mint tokens whose SIGNATURE is valid and
 * whose claims are wrong — the only way to test the claim checks one by one. It is also why a deployed API must
 * never trust cognito-local's issuer.
 */
const cognitoLocalKey = createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: JWK };
const COGNITO_LOCAL_KID = 'CognitoLocal';

/** The claims of a valid ID token for `am1` of the run's pool, valid for an hour; override any of them. */
export const idTokenClaims = (info: LocalStackInfo, overrides: JWTPayload = {}): JWTPayload => {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: '00000000-0000-4000-8000-000000000001',
    'cognito:username': 'am1',
    'cognito:groups': ['account-manager'],
    token_use: 'id',
    iss: info.issuer,
    aud: info.clientId,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
};

/** Signed with cognito-local's own key: the signature verifies, so only the claims decide. */
export const signAsCognitoLocal = async (claims: JWTPayload): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: COGNITO_LOCAL_KID, typ: 'JWT' })
    .sign(await importJWK(cognitoLocalKey.jwk, 'RS256'));

/** Signed with a fresh key under cognito-local's kid: a forgery whose signature must not verify. */
export const signWithForeignKey = async (claims: JWTPayload): Promise<string> => {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: COGNITO_LOCAL_KID, typ: 'JWT' }).sign(privateKey);
};

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `alg: none`, no signature — the classic bypass attempt. */
export const unsignedToken = (claims: JWTPayload): string =>
  `${base64url({ alg: 'none', kid: COGNITO_LOCAL_KID, typ: 'JWT' })}.${base64url(claims)}.`;

/** A genuine token with its payload swapped for other claims, the signature left as it was. */
export const tamperedToken = (token: string, claims: JWTPayload): string => {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(claims)}.${signature}`;
};
