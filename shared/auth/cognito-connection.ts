import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '#shared/core/config';
import { boundedSdkCalls } from '#shared/core/sdk-timeouts';

export type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');

export interface CognitoConnection {
  readonly client: CognitoIdentityProviderClient;
  readonly sdk: CognitoSdk;
}

let connection: Promise<CognitoConnection> | undefined;

/**
 * The Cognito SDK is loaded, and its client created, once per process on first use: few routes need it (user
 * look-ups, the users routes, the read guard tripping), and it would otherwise weigh on every cold start. A failed
 * load is not cached, so the next call tries again.
 */
export const cognitoConnection = (): Promise<CognitoConnection> =>
  (connection ??= (async () => {
    const sdk = await import('@aws-sdk/client-cognito-identity-provider');
    const config = loadConfig();
    return {
      sdk,
      client: new sdk.CognitoIdentityProviderClient({
        region: config.AWS_REGION,
        endpoint: config.COGNITO_ENDPOINT,
        ...boundedSdkCalls(config.COGNITO_ENDPOINT !== undefined),
      }),
    };
  })().catch((error: unknown) => {
    connection = undefined;
    throw error;
  }));
