import { logger } from '#shared/core/logger';
import type { MergeJobTrigger } from './merge.ports';

/**
 * How a merge (or its revert) is run after its request answered 202 (docs/data-model.md, "Customer merge"). In AWS:
 * an asynchronous Invoke of the customers function itself with `{ mergeJob: <id> }` (functions/customers/index.ts
 * hands that event to the job step; Lambda retries a failed asynchronous invocation twice, and the merge's checkpoint
 * makes a retry resume) — the request waits for the Invoke's acceptance only. Locally (no Lambda): the same step, run
 * in this process on the next turn of the event loop (the request does not wait for it), a failed step retried twice
 * as Lambda would.
 */
export type MergeStepRunner = (mergeId: string) => Promise<unknown>;

/** Lambda's retries of a failed asynchronous invocation. */
const LOCAL_RETRIES = 2;

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
  const attempt = (mergeId: string, retriesLeft: number): void => {
    setImmediate(() => {
      runStep(mergeId).catch((error: unknown) => {
        logger.error('merge job step failed', { mergeId, errorName: (error as Error | undefined)?.name, retriesLeft });
        if (retriesLeft > 0) attempt(mergeId, retriesLeft - 1);
      });
    });
  };
  return {
    continueMerge: async (mergeId) => attempt(mergeId, LOCAL_RETRIES),
  };
};
