import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { findFreePorts } from '#local/ports';
import { startS3EventRelay } from '#local/s3-local';
import { startEmulators, type LocalStackInfo } from '#local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: LocalStackInfo;
  }
}

/**
 * Global setup of the `integration` project: DynamoDB Local, cognito-local and aws-ses-v2-local start ONCE per run, on free
 * ephemeral ports (never fixed ones, so a run can sit beside `npm start` or another run). The table gets a
 * unique name; tests isolate themselves by unique ids. Test files read the endpoints with `useLocalStack()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = performance.now();
  const [dynamoDbPort, cognitoPort, sesPort, s3Port] = (await findFreePorts(4)) as [number, number, number, number];
  const emulators = await startEmulators({
    dynamoDbPort,
    cognitoPort,
    sesPort,
    s3Port,
    tableName: `crm-test-${randomBytes(4).toString('hex')}`,
  });
  // s3rver's events reach the test workers through the relay (each worker subscribes for its own bucket).
  const relay = await startS3EventRelay(emulators.s3);
  project.provide('localStack', { ...emulators.info, s3EventRelay: relay.url });
  console.log(
    `[integration] DynamoDB Local ${emulators.info.dynamodbEndpoint}, cognito-local ${emulators.info.cognitoEndpoint}, ` +
      `s3rver ${emulators.info.s3Endpoint} and aws-ses-v2-local ${emulators.info.sesEndpoint} ` +
      `ready in ${Math.round(performance.now() - startedAt)} ms`,
  );
  return async () => {
    await relay.stop();
    await emulators.stop();
  };
}
