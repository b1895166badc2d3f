/**
 * What the webhooks code reads from the environment. The dispatcher and the retry job are not API functions: they have
 * no user pool or cursor key (shared/core/config.ts would refuse their cold start), only the table. A missing
 * TABLE_NAME fails the cold start.
 */
export interface WebhooksConfig {
  readonly TABLE_NAME: string;
  readonly AWS_REGION: string;
  /** Local stack only. */
  readonly DYNAMODB_ENDPOINT?: string;
}

export const loadWebhooksConfig = (env: NodeJS.ProcessEnv = process.env): WebhooksConfig => {
  const table = env.TABLE_NAME;
  if (!table) throw new Error('webhooks: invalid configuration: TABLE_NAME is not set');
  return { TABLE_NAME: table, AWS_REGION: env.AWS_REGION ?? 'us-east-1', ...(env.DYNAMODB_ENDPOINT ? { DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT } : {}) };
};
