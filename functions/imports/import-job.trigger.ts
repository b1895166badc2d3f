import { logger } from '#shared/core/logger';
import type { ImportJobTrigger } from './import.ports';

/**
 * How the job continues over a big file: each step ends with a checkpoint and asks for another invocation of the job
 * function (docs/import.md, "How the job runs"). In AWS: an asynchronous Lambda Invoke of the job function
 * (IMPORT_JOB_FUNCTION on the API side; the job's own name in the job; Lambda retries a failed asynchronous invocation twice, and the checkpoint makes a retry
 * resume instead of restart). Locally (no IMPORT_JOB_FUNCTION): the job handler, called in this process on the next
 * turn of the event loop — the same module Lambda runs, registered by local/stack.ts or the test setup (so the API
 * function's bundle never carries the job's code).
 */
const lambdaTrigger = (functionName: string): ImportJobTrigger => ({
  continueJob: async (importId) => {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    const client = new LambdaClient({});
    await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ importId }) }));
  },
});

type LocalRunner = (importId: string) => Promise<unknown>;

/**
 * Locally: what runs a step in this process (the job handler), registered by the local stack or the test setup.
 * Kept on `globalThis`, not in this module: a bundled copy of the module (the deployed-bundles test serves the
 * built functions in the test process) must find the runner the setup registered with the source copy.
 */
const LOCAL_RUNNER = Symbol.for('crm.imports.localJobRunner');
const registry = globalThis as { [LOCAL_RUNNER]?: LocalRunner | undefined };

/** The local stack and the test setup register the job handler here (functions/ never import local/). */
export const useLocalImportJobRunner = (runner: LocalRunner | undefined): void => {
  registry[LOCAL_RUNNER] = runner;
};

/** Lambda runs an asynchronous invocation up to 3 times (the first and 2 retries): the local stand-in does the same. */
const LOCAL_ATTEMPTS = 3;

const runLocally = (runner: LocalRunner, importId: string, attempt: number): void => {
  runner(importId).catch((error: unknown) => {
    logger.error('import job step failed', { importId, attempt, errorName: (error as Error | undefined)?.name });
    if (attempt < LOCAL_ATTEMPTS) setTimeout(() => runLocally(runner, importId, attempt + 1), 50 * attempt);
  });
};

const inProcessTrigger: ImportJobTrigger = {
  continueJob: async (importId) => {
    const runner = registry[LOCAL_RUNNER];
    if (!runner) throw new Error('No import job runner: set IMPORT_JOB_FUNCTION, or register the local one (useLocalImportJobRunner).');
    setImmediate(() => runLocally(runner, importId, 1));
  },
};

export const importJobTrigger = (): ImportJobTrigger => {
  // The API side is told the job's name; the job continues itself (Lambda sets its own name).
  const functionName = process.env['IMPORT_JOB_FUNCTION'] || (process.env['IMPORT_JOB_SELF'] ? process.env['AWS_LAMBDA_FUNCTION_NAME'] : undefined);
  return functionName ? lambdaTrigger(functionName) : inProcessTrigger;
};
