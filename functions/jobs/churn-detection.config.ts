import * as z from 'zod';

/**
 * Configuration of the churn-detection job, parsed once at cold start (a missing or malformed variable fails the
 * cold start, and the scheduler's retries and dead-letter queue make that visible). The job needs no user pool
 * and no cursor key, so it does not read the API functions' configuration.
 */
const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local stack only. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** A customer is at risk after this many months without an order (客户流失: default 6). */
  CHURN_THRESHOLD_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
  /** Customers read per Query page of the watch index. */
  CHURN_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
});

export type ChurnJobConfig = z.infer<typeof settingsSchema>;

let cached: ChurnJobConfig | undefined;

export const loadChurnJobConfig = (env: NodeJS.ProcessEnv = process.env): ChurnJobConfig => {
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid churn-detection configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
};

/** Tests that change the environment call this first. */
export const resetChurnJobConfigForTests = (): void => {
  cached = undefined;
};
