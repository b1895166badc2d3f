import { logger } from '#shared/core/logger';
import type { ExportJobTrigger } from './export.ports';

/**
 * How an export's job starts and continues (docs/import-export.md, "How the job runs"), as the import's does
 * (functions/imports/import-job.trigger.ts): in AWS an asynchronous Lambda Invoke of the job function
 * (EXPORT_JOB_FUNCTION on the API side; the job's own name in the job, EXPORT_JOB_SELF); Lambda retries a failed
 * invocation twice, then the dead-letter queue. Locally the job handler, registered by local/stack.ts or the test
 * setup, runs in this process on the next turn of the event loop (the API bundle never carries the job's code).
 */
const lambdaTrigger = (functionName: string): ExportJobTrigger => ({
  continueJob: async (exportId) => {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    const client = new LambdaClient({});
    await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ exportId }) }));
  },
});

type LocalRunner = (exportId: string) => Promise<unknown>;

/** Kept on `globalThis`: a bundled copy of this module must find the runner the setup registered with the source copy. */
const LOCAL_RUNNER = Symbol.for('crm.exports.localJobRunner');
const registry = globalThis as { [LOCAL_RUNNER]?: LocalRunner | undefined };

export const useLocalExportJobRunner = (runner: LocalRunner | undefined): void => {
  registry[LOCAL_RUNNER] = runner;
};

const inProcessTrigger: ExportJobTrigger = {
  continueJob: async (exportId) => {
    const runner = registry[LOCAL_RUNNER];
    if (!runner) throw new Error('No export job runner: set EXPORT_JOB_FUNCTION, or register the local one (useLocalExportJobRunner).');
    setImmediate(() => {
      runner(exportId).catch((error: unknown) => logger.error('export job step failed', { exportId, errorName: (error as Error | undefined)?.name }));
    });
  },
};

export const exportJobTrigger = (): ExportJobTrigger => {
  const functionName = process.env['EXPORT_JOB_FUNCTION'] || (process.env['EXPORT_JOB_SELF'] ? process.env['AWS_LAMBDA_FUNCTION_NAME'] : undefined);
  return functionName ? lambdaTrigger(functionName) : inProcessTrigger;
};
