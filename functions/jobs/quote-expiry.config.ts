import * as z from 'zod';

/** Configuration of the quote-expiry job, parsed once at cold start (a missing variable fails the cold start). */
const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local stack only. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** A run expires at most this many quotes; the rest wait for the next run (or a retry). */
  QUOTE_EXPIRY_MAX_PER_RUN: z.coerce.number().int().min(1).default(5000),
});

export type QuoteExpiryConfig = z.infer<typeof settingsSchema>;

let cached: QuoteExpiryConfig | undefined;

export const loadQuoteExpiryConfig = (env: NodeJS.ProcessEnv = process.env): QuoteExpiryConfig => {
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) throw new Error(`quote-expiry: invalid configuration: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  cached = parsed.data;
  return cached;
};
