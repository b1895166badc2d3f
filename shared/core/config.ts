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
  // data-exfiltration guard (issue 8, shared/guard/) — read by every function (the lock check) and the customers
  // function (the counter). Defaults are the product's policy; tests and the bench raise the limit.
  /** Customer records one user may read per rolling window before the account is locked (sliding window counter). */
  CUSTOMER_READ_LIMIT: z.coerce.number().int().min(1).default(500),
  /** The rolling window of CUSTOMER_READ_LIMIT, in seconds (default 10 minutes). */
  CUSTOMER_READ_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /**
   * How old a container's copy of the locked-accounts list may get before it is read again (one GetItem per
   * container per period). Bounds how long a lock takes to reach routes other than the customer reads.
   */
  ACCOUNT_LOCK_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
});

export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  if (cached) return cached;
  // Parsed once per container: zod's JIT (a `new Function` fast path compiled on an object's first parse) would
  // cost the cold start more than it could ever save here.
  const parsed = configSchema.safeParse(env, { jitless: true });
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
