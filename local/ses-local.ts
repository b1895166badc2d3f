import { createRequire } from 'node:module';
import { spawnManaged, waitUntilReady } from '#local/child-process';

const LOOPBACK = '127.0.0.1';
const cli = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');

export interface SesLocalHandle {
  /** The SES v2 API endpoint (SDK `endpoint`); its root page lists the sent mail, `/store` answers it as JSON. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * aws-ses-v2-local (npm), the local SES v2 endpoint: SendEmail stores the mail in memory; `GET /store` lists it
 * (`{ emails: [...] }`) and `/` shows it to a person. A child process like the other emulators (local/child-process.ts).
 */
export const startSesLocal = async ({ port, timeoutMs = 120_000 }: { port: number; timeoutMs?: number }): Promise<SesLocalHandle> => {
  const node = await spawnManaged('aws-ses-v2-local', process.execPath, [cli, '--host', LOOPBACK, '--port', String(port)], {});
  const endpoint = `http://${LOOPBACK}:${port}`;
  await waitUntilReady(node, async () => (await fetch(`${endpoint}/health-check`, { signal: AbortSignal.timeout(1_000) })).ok, { timeoutMs });
  return { endpoint, port, stop: () => node.stop() };
};

/** The mail aws-ses-v2-local has received (e2e tests read what the reminder job sent). */
export interface StoredMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly at: number;
}

export const sentMail = async (endpoint: string): Promise<StoredMail[]> =>
  ((await (await fetch(`${endpoint}/store`)).json()) as { emails: StoredMail[] }).emails;
