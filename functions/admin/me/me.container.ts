import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import type { UserDirectory } from '#shared/auth/user-directory';

/** Where `GET /v1/me` reads the caller's name; wired once per process, replaceable in tests. */
let directory: UserDirectory | undefined;

export const meDirectory = (): UserDirectory => (directory ??= cognitoUserDirectory());

export const useMeDirectory = (replacement: UserDirectory | undefined): void => {
  directory = replacement;
};
