import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { findFreePorts } from '#local/ports';
import { startS3EventRelay } from '#local/s3-local';
import { startEmulators, type LocalStackInfo } from '#local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: LocalStackInfo;
    /** A second, empty DynamoDB Local for the files that create tables of their own (test/support/e2e.ts, useScratchDynamoDb). */
    scratchDynamodbEndpoint: string;
  }
}

/**
 * Global setup of the `integration` project: DynamoDB Local, cognito-local and aws-ses-v2-local start ONCE per run, on free
 * ephemeral ports (never fixed ones, so a run can sit beside `npm start` or another run). The table gets a
 * unique name; tests isolate themselves by unique ids. Test files read the endpoints with `useLocalStack()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = performance.now();
  const [dynamoDbPort, cognitoPort, sesPort, s3Port, scratchPort] = (await findFreePorts(5)) as [number, number, number, number, number];
  // Tables created late in a run, in a DynamoDB Local that already holds the run's data, were measured 3–13 times
  // slower to write than the same table in a fresh instance: the files with tables of their own get a second one.
  const emulators = await startEmulators({
    dynamoDbPort,
    cognitoPort,
    sesPort,
    s3Port,
    tableName: `crm-test-${randomBytes(4).toString('hex')}`,
  });
  // Started after the others, not beside them: two JVMs starting at once on a loaded 2-core machine were slow to
  // answer.
  const scratch = await startDynamoDbLocal({ port: scratchPort }).catch(async (error: unknown) => {
    await emulators.stop();
    throw error;
  });
  // s3rver's events reach the test workers through the relay (each worker subscribes for its own bucket).
  const relay = await startS3EventRelay(emulators.s3);
  project.provide('localStack', { ...emulators.info, s3EventRelay: relay.url });
  project.provide('scratchDynamodbEndpoint', scratch.endpoint);
  console.log(
    `[integration] DynamoDB Local ${emulators.info.dynamodbEndpoint}, cognito-local ${emulators.info.cognitoEndpoint}, ` +
      `s3rver ${emulators.info.s3Endpoint}, aws-ses-v2-local ${emulators.info.sesEndpoint} and a scratch DynamoDB Local ` +
      `${scratch.endpoint} ` +
      `ready in ${Math.round(performance.now() - startedAt)} ms`,
  );
  return async () => {
    await relay.stop();
    await Promise.all([emulators.stop(), scratch.stop()]);
  };
}
