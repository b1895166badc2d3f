import * as z from 'zod';
import { DEFAULT_MAX_MAILS_PER_SECOND } from '#shared/mail/rate-limited-mailer';

/**
 * Configuration of the reminder job, parsed once at cold start (a missing or malformed variable fails the cold start;
 * the scheduler's retries and dead-letter queue make that visible).
 */
const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3),
  USER_POOL_ID: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local stack only: DynamoDB Local, cognito-local, aws-ses-v2-local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  COGNITO_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  /** The verified sender identity (lib/constructs/mail.ts). */
  MAIL_FROM: z.email(),
  /** The SES configuration set every reminder is sent with (sending events, reputation metrics). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  REMINDER_FIRST_RUN_LOOKBACK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  REMINDER_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  REMINDER_MAX_PER_RUN: z.coerce.number().int().min(1).max(100_000).default(2000),
  REMINDER_MAX_MAILS_PER_RUN: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Mails started per second at most (a token bucket, shared/mail/rate-limited-mailer.ts): the SES account's send rate. */
  REMINDER_MAX_MAILS_PER_SECOND: z.coerce.number().positive().max(1000).default(DEFAULT_MAX_MAILS_PER_SECOND),
  /** Reminder deliveries (one conditional transaction each) in flight at once. */
  REMINDER_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
});

export type ReminderJobConfig = z.infer<typeof settingsSchema>;

let cached: ReminderJobConfig | undefined;

export const loadReminderJobConfig = (env: NodeJS.ProcessEnv = process.env): ReminderJobConfig => {
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid reminder-job configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
};

/** Tests that change the environment call this first. */
export const resetReminderJobConfigForTests = (): void => {
  cached = undefined;
};
