import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES, type Role } from '#shared/auth/roles';
import { spawnManaged, waitUntilReady } from '#local/child-process';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localCognitoClient } from '#local/local-aws';
import { LOOPBACK } from '#local/ports';
import { signIn } from '#clients/typescript/src/sign-in';

/** The one password of every demo user (documented in README). Meets the pool's password policy (lib/constructs/auth.ts). */
export const DEMO_PASSWORD = 'CrmDemo#2026';
export const LOCAL_POOL_NAME = 'crm-local';
export const LOCAL_CLIENT_NAME = 'crm-local-app';
/** The customer portal's pool (issue 21): a second pool in the same cognito-local, with its own app client. */
export const LOCAL_PORTAL_POOL_NAME = 'crm-local-portal';
export const LOCAL_PORTAL_CLIENT_NAME = 'crm-local-portal-app';

export interface DemoUser {
  readonly username: string;
  readonly group: Role;
  readonly name: string;
  readonly email: string;
}

/** One user per role plus a second account manager, so that record-level rules can be tried by hand. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', group: 'admin', name: '李明', email: 'li.ming@example.com' },
  { username: 'sales', group: 'sales-manager', name: '王芳', email: 'wang.fang@example.com' },
  { username: 'am1', group: 'account-manager', name: '张伟', email: 'zhang.wei@example.com' },
  { username: 'am2', group: 'account-manager', name: 'Emily Chen', email: 'emily.chen@example.com' },
  { username: 'exec', group: 'executive', name: 'David Zhou', email: 'david.zhou@example.com' },
];

export interface CognitoLocalOptions {
  port: number;
  /** cognito-local keeps `.cognito/config.json` and `.cognito/db/` under this directory (its cwd). */
  dataDir: string;
  timeoutMs?: number;
}

export interface CognitoLocalHandle {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const PRE_TOKEN_GENERATION_FUNCTION = 'crm-local-id-token-attributes';

/**
 * - cognito-local's defaults make the e-mail address the username (`UsernameAttributes: ['email']`) and
 *   CreateUserPool cannot undo that: it deep-merges the request over the defaults, and an absent or empty
 *   `UsernameAttributes` leaves `['email']` in place. Its config loader replaces arrays, so the config file can.
 * - The PreTokenGeneration trigger is "invoked" through the Lambda API at `lambdaEndpoint` (see below).
 */
const cognitoLocalConfig = (lambdaEndpoint: string) => ({
  UserPoolDefaults: { UsernameAttributes: [] },
  TriggerFunctions: { PreTokenGeneration: PRE_TOKEN_GENERATION_FUNCTION },
  LambdaClient: { endpoint: lambdaEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS },
});

/** Claims cognito-local already writes into ID tokens itself. */
const CLAIMS_COGNITO_LOCAL_WRITES = new Set(['sub', 'email', 'email_verified']);

/**
 * cognito-local 5.3 signs in a disabled user (its InitiateAuth never looks at `Enabled`); Cognito refuses them
 * with NotAuthorizedException "User is disabled.". Every sign-in and refresh passes through the token trigger
 * below, so the trigger asks the emulator whether the user is enabled and, when not, fails the way a Lambda
 * trigger fails: cognito-local then refuses the sign-in (as UserLambdaValidationException, the one difference).
 */
const isDisabled = async (cognitoEndpoint: string, userPoolId: string | undefined, username: string | undefined): Promise<boolean> => {
  if (!userPoolId || !username) return false;
  const cognito = localCognitoClient(cognitoEndpoint);
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return user.Enabled === false;
  } finally {
    cognito.destroy();
  }
};

/**
 * Cognito puts a user's standard attributes (`name` …) into the ID token; cognito-local writes only `email` and
 * custom attributes, so the functions would see no display name. cognito-local does run a PreTokenGeneration
 * trigger through the Lambda Invoke API at a configurable endpoint: this server answers that one call and adds
 * the user's other standard attributes to the ID token, as Cognito does. (Access tokens carry none, in both.)
 * It also refuses tokens to disabled users (see isDisabled).
 */
const startIdTokenAttributesTrigger = async (cognitoEndpoint: string): Promise<{ endpoint: string; stop: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          userPoolId?: string;
          userName?: string;
          request?: { userAttributes?: Record<string, string> };
        };
        if (await isDisabled(cognitoEndpoint, event.userPoolId, event.userName)) {
          // The Lambda Invoke API's way of saying "the function threw": cognito-local refuses the sign-in.
          res
            .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
            .end(JSON.stringify({ errorType: 'NotAuthorizedException', errorMessage: 'User is disabled.' }));
          return;
        }
        const attributes = Object.entries(event.request?.userAttributes ?? {}).filter(
          ([name]) => !name.startsWith('custom:') && !CLAIMS_COGNITO_LOCAL_WRITES.has(name),
        );
        const payload = JSON.stringify({
          ...event,
          response: { claimsOverrideDetails: { claimsToAddOrOverride: Object.fromEntries(attributes) } },
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(payload);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"not a trigger event"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  return {
    endpoint: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const startScript = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');

/**
 * Starts cognito-local as a child process (it resolves `.cognito/` against its cwd). HOST and PORT set both the
 * address it listens on and the token issuer, `http://127.0.0.1:<port>/<poolId>`.
 */
export const startCognitoLocal = async ({
  port,
  dataDir,
  timeoutMs = 120_000,
}: CognitoLocalOptions): Promise<CognitoLocalHandle> => {
  const trigger = await startIdTokenAttributesTrigger(`http://${LOOPBACK}:${port}`);
  try {
    const configDirectory = join(dataDir, '.cognito');
    await mkdir(join(configDirectory, 'db'), { recursive: true });
    // Rewritten on every start: the trigger's port changes from run to run.
    await writeFile(
      join(configDirectory, 'config.json'),
      `${JSON.stringify(cognitoLocalConfig(trigger.endpoint), null, 2)}\n`,
    );

    const { DEBUG: _debug, COGNITO_LOCAL_DEVMODE: _devMode, ...inherited } = process.env;
    const node = await spawnManaged('cognito-local', process.execPath, [startScript], {
      cwd: dataDir,
      env: { ...inherited, HOST: LOOPBACK, PORT: String(port) },
    });
    const endpoint = `http://${LOOPBACK}:${port}`;
    await waitUntilReady(
      node,
      async () => (await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) })).ok,
      { timeoutMs },
    );
    return {
      endpoint,
      port,
      pid: node.pid,
      stop: async () => {
        await node.stop();
        await trigger.stop();
      },
    };
  } catch (error) {
    await trigger.stop();
    throw error;
  }
};

export interface UserPoolInfo {
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of every token of this pool, which the gateway pins. */
  readonly issuer: string;
  readonly users: readonly (DemoUser & { password: string })[];
}

/**
 * Creates the pool, its four role groups, an app client and the demo users — or, when cognito-local keeps its
 * data on disk, finds what a previous run created and adds only what is missing. Every step is idempotent.
 */
export const bootstrapUserPool = async (
  endpoint: string,
  { users = DEMO_USERS, password = DEMO_PASSWORD }: { users?: readonly DemoUser[]; password?: string } = {},
): Promise<UserPoolInfo> => {
  const cognito = localCognitoClient(endpoint);
  try {
    const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const existingPoolId = UserPools.find((pool) => pool.Name === LOCAL_POOL_NAME)?.Id;
    const userPoolId =
      existingPoolId ??
      (
        await cognito.send(
          new CreateUserPoolCommand({
            PoolName: LOCAL_POOL_NAME,
            AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
            Policies: {
              PasswordPolicy: {
                MinimumLength: 12,
                RequireLowercase: true,
                RequireUppercase: true,
                RequireNumbers: true,
                RequireSymbols: true,
              },
            },
          }),
        )
      ).UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local did not return a user pool id');

    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    if (UserPool?.UsernameAttributes?.length) {
      throw new Error(
        `user pool ${userPoolId} signs in with ${UserPool.UsernameAttributes.join(', ')} instead of plain usernames; ` +
          'delete .local/cognito and start again',
      );
    }

    // CreateGroup on an existing group would replace it and drop its members in cognito-local: create only missing ones.
    const { Groups = [] } = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
    for (const [precedence, role] of ROLES.entries()) {
      if (Groups.some((group) => group.GroupName === role)) continue;
      // Precedence in ROLES order, as in the CDK stack.
      await cognito.send(
        new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role, Precedence: precedence, Description: `CRM role ${role}` }),
      );
    }

    const { UserPoolClients = [] } = await cognito.send(
      new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
    );
    const clientId =
      UserPoolClients.find((client) => client.ClientName === LOCAL_CLIENT_NAME)?.ClientId ??
      (
        await cognito.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: LOCAL_CLIENT_NAME,
            GenerateSecret: false,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            // Cognito's own defaults (one hour), stated so that cognito-local applies them too.
            AccessTokenValidity: 60,
            IdTokenValidity: 60,
            TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
            PreventUserExistenceErrors: 'ENABLED',
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local did not return an app client id');

    // Sequential on purpose: cognito-local rewrites one JSON file per pool on every change.
    for (const user of users) {
      const exists = await cognito
        .send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }))
        .then(() => true)
        .catch((error: unknown) => {
          if (error instanceof UserNotFoundException) return false;
          throw error;
        });
      if (!exists) {
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: user.username,
            MessageAction: 'SUPPRESS',
            TemporaryPassword: password,
            UserAttributes: [
              { Name: 'name', Value: user.name },
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      }
      // Permanent: the demo users sign in without the NEW_PASSWORD_REQUIRED challenge.
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: password, Permanent: true }),
      );
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: user.group }),
      );
    }

    return {
      userPoolId,
      clientId,
      issuer: `${endpoint}/${userPoolId}`,
      users: users.map((user) => ({ ...user, password })),
    };
  } finally {
    cognito.destroy();
  }
};

export interface PortalPoolInfo {
  readonly portalUserPoolId: string;
  readonly portalClientId: string;
  /** The `iss` of the portal pool's tokens, pinned by the gateway's portal authorizer. */
  readonly portalIssuer: string;
}

/**
 * The customer portal's pool (lib/constructs/portal-auth.ts): invitation only, no groups (a portal token never
 * carries a staff role), its own app client. Found again when cognito-local keeps its data on disk.
 */
export const bootstrapPortalPool = async (endpoint: string): Promise<PortalPoolInfo> => {
  const cognito = localCognitoClient(endpoint);
  try {
    const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const portalUserPoolId =
      UserPools.find((pool) => pool.Name === LOCAL_PORTAL_POOL_NAME)?.Id ??
      (
        await cognito.send(
          new CreateUserPoolCommand({
            PoolName: LOCAL_PORTAL_POOL_NAME,
            AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
            Policies: {
              PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
            },
          }),
        )
      ).UserPool?.Id;
    if (!portalUserPoolId) throw new Error('cognito-local did not return the portal user pool id');
    const { UserPoolClients = [] } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: portalUserPoolId, MaxResults: 60 }));
    const portalClientId =
      UserPoolClients.find((client) => client.ClientName === LOCAL_PORTAL_CLIENT_NAME)?.ClientId ??
      (
        await cognito.send(
          new CreateUserPoolClientCommand({
            UserPoolId: portalUserPoolId,
            ClientName: LOCAL_PORTAL_CLIENT_NAME,
            GenerateSecret: false,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            AccessTokenValidity: 60,
            IdTokenValidity: 60,
            TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
            PreventUserExistenceErrors: 'ENABLED',
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!portalClientId) throw new Error('cognito-local did not return the portal app client id');
    return { portalUserPoolId, portalClientId, portalIssuer: `${endpoint}/${portalUserPoolId}` };
  } finally {
    cognito.destroy();
  }
};

/**
 * Sets a portal user's password, permanent (locally only: the demo portal user and the tests sign in without the
 * NEW_PASSWORD_REQUIRED challenge of an invitation's temporary password).
 */
export const setPortalPassword = async (endpoint: string, portalUserPoolId: string, username: string, password: string): Promise<void> => {
  const cognito = localCognitoClient(endpoint);
  try {
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: portalUserPoolId, Username: username, Password: password, Permanent: true }));
  } finally {
    cognito.destroy();
  }
};

export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  /** Seconds, as Cognito reports it. */
  readonly expiresIn: number;
}

/**
 * Signs in with the standard InitiateAuth USER_PASSWORD_AUTH call, exactly as a client app does against Cognito: through
 * the typed client's sign-in helper (clients/typescript), which the seed, the tests and the bench thereby all use.
 */
export const getTokens = async (endpoint: string, clientId: string, username: string, password: string): Promise<Tokens> => {
  const { idToken, accessToken, expiresIn } = await signIn({ endpoint, clientId, username, password });
  return { idToken, accessToken, expiresIn };
};
