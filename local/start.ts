/**
 * `npm start`: the whole CRM on this machine, no AWS account needed.
 *
 *   npm start                   in-memory data, demo data seeded
 *   npm start -- --persist      keep data under .local/ between runs
 *   npm start -- --no-seed      start empty
 *
 * Ports: CRM_API_PORT (3000), DYNAMODB_PORT (8000), COGNITO_PORT (9229), S3_PORT (4569), SES_PORT (8005: aws-ses-v2-local, where the
 * reminder mail goes; open its URL to read it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from '#local/cognito-local';
import { JavaMissingError } from '#local/dynamodb-local';
import { assertPortsFree, PortInUseError } from '#local/ports';
import { LOCAL_DATA_DIR, startLocalStack, type LocalStack } from '#local/stack';

const portFromEnv = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name}=${value} is not a port number (1–65535).`);
  }
  return port;
};

const printUsers = (stack: LocalStack): void => {
  const width = Math.max(...stack.info.users.map((user) => user.username.length));
  console.log(`\nDemo users (password for all: ${DEMO_PASSWORD}):`);
  for (const user of stack.info.users) {
    console.log(`  ${user.username.padEnd(width)}  ${user.group.padEnd(15)}  ${user.name}`);
  }
  console.log(
    `\nSign in: aws cognito-idp initiate-auth --endpoint-url ${stack.info.cognitoEndpoint} --client-id ${stack.info.clientId} ` +
      `--auth-flow USER_PASSWORD_AUTH --auth-parameters 'USERNAME=am1,PASSWORD=${DEMO_PASSWORD}'` +
      `\n(or read .local/endpoints.json; send the IdToken as "Authorization: Bearer <token>")\n`,
  );
  const portal = stack.portalLogin;
  if (portal) {
    // The customer portal (issue 21): the SECOND pool and its own app client; its tokens open /portal/v1/* only.
    console.log(
      `Demo portal user (customer portal, ${portal.customerName}): ${portal.username} / ${portal.password}\n` +
        `Sign in: aws cognito-idp initiate-auth --endpoint-url ${stack.info.cognitoEndpoint} --client-id ${stack.info.portalClientId} ` +
        `--auth-flow USER_PASSWORD_AUTH --auth-parameters 'USERNAME=${portal.username},PASSWORD=${portal.password}'\n` +
        `then: curl -H "Authorization: Bearer <IdToken>" ${stack.info.apiUrl}/portal/v1/me\n`,
    );
  }
};

const main = async (): Promise<void> => {
  // The AWS SDK warns that node 20 support ends in 2027; our machines run node 20 (README.md) (as vitest.config.ts does).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // The gateway prints one line per request; the functions' own INFO access logs would repeat each one (and
  // flood the terminal while seeding). Warnings and errors still show; POWERTOOLS_LOG_LEVEL=INFO brings them back.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  const { values } = parseArgs({
    options: { persist: { type: 'boolean', default: false }, 'no-seed': { type: 'boolean', default: false } },
    strict: true,
  });
  const apiPort = portFromEnv('CRM_API_PORT', 3000);
  const dynamoDbPort = portFromEnv('DYNAMODB_PORT', 8000);
  const cognitoPort = portFromEnv('COGNITO_PORT', 9229);
  const sesPort = portFromEnv('SES_PORT', 8005);
  const s3Port = portFromEnv('S3_PORT', 4569);
  await assertPortsFree([
    { port: apiPort, service: 'CRM API', envVar: 'CRM_API_PORT' },
    { port: dynamoDbPort, service: 'DynamoDB Local', envVar: 'DYNAMODB_PORT' },
    { port: cognitoPort, service: 'cognito-local', envVar: 'COGNITO_PORT' },
    { port: sesPort, service: 'aws-ses-v2-local', envVar: 'SES_PORT' },
    { port: s3Port, service: 's3rver', envVar: 'S3_PORT' },
  ]);

  let ready = false;
  const stack = await startLocalStack({
    apiPort,
    dynamoDbPort,
    cognitoPort,
    sesPort,
    s3Port,
    persist: values.persist,
    seed: !values['no-seed'],
    // Request lines once the stack is up; the seed's own requests would only be noise.
    log: (line) => {
      if (ready) console.log(line);
    },
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('the local stack did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);

  const { users, ...endpoints } = stack.info;
  await mkdir(LOCAL_DATA_DIR, { recursive: true });
  await writeFile(
    join(LOCAL_DATA_DIR, 'endpoints.json'),
    `${JSON.stringify(
      { ...endpoints, users: users.map(({ username, password, group }) => ({ username, password, group })) },
      null,
      2,
    )}\n`,
  );
  if (stack.seed) {
    const seeded = Object.entries(stack.seed).map(([name, { created, existing }]) => `${name}: ${created} new, ${existing} kept`);
    console.log(`Demo data — ${seeded.join('; ')}`);
  }
  printUsers(stack);
  console.log(`Reminder mail (aws-ses-v2-local): ${stack.info.sesEndpoint} — run \`npm run job:reminders\` to deliver due reminders`);
  ready = true;
  console.log(`CRM API ready at ${stack.info.apiUrl}`);
};

main().catch((error: unknown) => {
  // A busy port or a missing Java is a one-line answer; anything else deserves its stack trace.
  console.error(error instanceof PortInUseError || error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
