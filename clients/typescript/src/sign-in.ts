/**
 * Sign-in to the CRM's Cognito user pool (staff) or the customer portal's pool with the standard InitiateAuth
 * USER_PASSWORD_AUTH call — plain `fetch` to Cognito's JSON API, no AWS SDK, so it runs in a browser as in Node.
 * Locally `endpoint` is cognito-local (`npm start` prints it and the app client ids); in AWS it defaults to the
 * region's Cognito endpoint. Only the app client id is needed: the app clients have no secret.
 */
export interface SignInOptions {
  /** The app client id (staff or portal; `npm start` prints both, the stacks output them). */
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  /** The region of the user pool (used for the default endpoint). */
  readonly region?: string;
  /** Cognito's endpoint; locally cognito-local's URL. Default: `https://cognito-idp.<region>.amazonaws.com/`. */
  readonly endpoint?: string;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: typeof fetch;
}

export interface Tokens {
  /** What the API's JWT authorizers take (`Authorization: Bearer <idToken>`): it carries the user's groups. */
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Seconds the tokens live. */
  readonly expiresIn: number;
}

/** A refused sign-in (wrong password, unknown user, a challenge such as a new password to set). */
export class SignInError extends Error {
  constructor(
    message: string,
    /** Cognito's error type (`NotAuthorizedException` …) or the challenge's name. */
    readonly code: string,
    /** The pool's HTTP status (4xx: refused); absent for a challenge. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

interface InitiateAuthAnswer {
  readonly AuthenticationResult?: { IdToken?: string; AccessToken?: string; RefreshToken?: string; ExpiresIn?: number };
  readonly ChallengeName?: string;
  readonly __type?: string;
  readonly message?: string;
}

/** Signs `username` in and answers their tokens; a refusal throws a SignInError naming Cognito's reason. */
export const signIn = async (options: SignInOptions): Promise<Tokens> => {
  const endpoint = options.endpoint ?? `https://cognito-idp.${options.region ?? 'us-east-1'}.amazonaws.com/`;
  const response = await (options.fetch ?? fetch)(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: options.clientId, AuthParameters: { USERNAME: options.username, PASSWORD: options.password } }),
  });
  const answer = (await response.json().catch(() => ({}))) as InitiateAuthAnswer;
  if (!response.ok) {
    const code = (answer.__type ?? `HTTP${response.status}`).split('#').at(-1)!;
    throw new SignInError(answer.message ?? `Sign-in refused (${code}).`, code, response.status);
  }
  const result = answer.AuthenticationResult;
  if (!result?.IdToken || !result.AccessToken) {
    throw new SignInError(`Sign-in of ${options.username} answered a challenge this helper does not take (${answer.ChallengeName ?? 'no tokens'}).`, answer.ChallengeName ?? 'NoTokens');
  }
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? 3600,
  };
};
