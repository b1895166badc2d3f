import { logger } from '#shared/core/logger';
import type { MergeJobTrigger } from './merge.ports';

/**
 * How a merge that did not finish in its request goes on (docs/data-model.md, "Customer merge"). In AWS: an
 * asynchronous Invoke of the customers function itself with `{ mergeJob: <id> }` (functions/customers/index.ts hands
 * that event to the job step; Lambda retries a failed asynchronous invocation twice, and the merge's checkpoint makes
 * a retry resume). Locally (no Lambda): the same step, run in this process on the next turn of the event loop.
 */
export type MergeStepRunner = (mergeId: string) => Promise<unknown>;

export const mergeJobTrigger = (runStep: MergeStepRunner): MergeJobTrigger => {
  const functionName = process.env['AWS_LAMBDA_FUNCTION_NAME'];
  if (functionName) {
    return {
      continueMerge: async (mergeId) => {
        const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
        await new LambdaClient({}).send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ mergeJob: mergeId }) }));
      },
    };
  }
  return {
    continueMerge: async (mergeId) => {
      setImmediate(() => {
        runStep(mergeId).catch((error: unknown) => logger.error('merge job step failed', { mergeId, errorName: (error as Error | undefined)?.name }));
      });
    },
  };
};
