import * as z from 'zod';

/**
 * Configuration of the report-snapshot job, parsed once at cold start (a missing variable fails the cold start;
 * the scheduler's retries and dead-letter queue make that visible). It needs no user pool and no cursor key.
 */
const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local stack only. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export type ReportSnapshotConfig = z.infer<typeof settingsSchema>;

let cached: ReportSnapshotConfig | undefined;

export const loadReportSnapshotConfig = (env: NodeJS.ProcessEnv = process.env): ReportSnapshotConfig => {
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`report-snapshots: invalid configuration: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  }
  cached = parsed.data;
  return cached;
};
