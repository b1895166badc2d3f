import * as z from 'zod';

/**
 * Runtime configuration of every feature function, parsed once at cold start. A missing or malformed
 * variable fails the cold start with a clear message instead of a confusing error on the first request.
 *
 * Locally the gateway sets these before it imports the handler modules; in AWS the function construct sets them.
 */
const configSchema = z.object({
  TABLE_NAME: z.string().min(3),
  USER_POOL_ID: z.string().min(1),
  /** HMAC key that makes list cursors tamper-evident. At least 32 characters. */
  CURSOR_SIGNING_KEY: z.string().min(32),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local stack only: DynamoDB Local / cognito-local endpoints. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  COGNITO_ENDPOINT: z.url().optional(),
});

export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
};

/** Tests that start functions with a different environment call this first. */
export const resetConfigForTests = (): void => {
  cached = undefined;
};
