/**
 * Bounded waits for the SDK clients that have no settings of their own (Cognito, SES; DynamoDB's are in
 * shared/db/client.ts): without them a call on a connection that never answers waits until API Gateway's 30 s
 * integration timeout, and the caller gets the gateway's bare 503 instead of our ServiceBusy problem with Retry-After.
 * In AWS these services answer in well under a second: 1 s to connect, 3 s per attempt, 3 attempts. Locally (an
 * emulator `endpoint` set) the emulators share a loaded 2-core box and the test's event loop (shared/db/client.ts
 * explains the connect-timer race): 10 s to connect, 8 s per attempt, 2 attempts — still well inside 30 s.
 */
export const boundedSdkCalls = (local: boolean) => ({
  maxAttempts: local ? 2 : 3,
  requestHandler: {
    connectionTimeout: local ? 10_000 : 1_000,
    requestTimeout: local ? 8_000 : 3_000,
    throwOnRequestTimeout: true,
  },
});
