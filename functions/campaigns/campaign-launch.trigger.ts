import { logger } from '#shared/core/logger';
import type { CampaignLaunchTrigger } from './campaign.ports';

/**
 * How a launch job starts and goes on, as a bulk update does (functions/customers/bulk/bulk-update-job.trigger.ts):
 * in AWS an asynchronous Invoke of the campaigns function itself with `{ campaignLaunch: <id> }` (index.ts hands that
 * event to the job step; Lambda retries a failed asynchronous invocation twice, the job's checkpoint makes a retry
 * resume, and a step that fails every retry is dead-lettered). Locally (no Lambda): the same step, run in this
 * process on the next turn of the event loop — unless `CAMPAIGN_LAUNCH_STEPS=manual` (a test then runs the steps).
 */
export type LaunchStepRunner = (campaignId: string) => Promise<unknown>;

export const campaignLaunchTrigger = (runStep: LaunchStepRunner): CampaignLaunchTrigger => {
  const functionName = process.env['AWS_LAMBDA_FUNCTION_NAME'];
  if (functionName) {
    return {
      continueLaunch: async (campaignId) => {
        const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
        await new LambdaClient({}).send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ campaignLaunch: campaignId }) }));
      },
    };
  }
  return {
    continueLaunch: async (campaignId) => {
      if (process.env['CAMPAIGN_LAUNCH_STEPS'] === 'manual') return;
      setImmediate(() => {
        runStep(campaignId).catch((error: unknown) => logger.error('campaign launch step failed', { campaignId, errorName: (error as Error | undefined)?.name }));
      });
    },
  };
};
