import { describe, expect, it } from 'vitest';
import { asArray, buildTestApp, policyStatements, resourcesOf } from './crm-test-app';

/** The export job's wiring (lib/constructs/exports.ts): least privilege on the files bucket, retries, dead-letter queue. */
describe('export job', () => {
  // Prepare (shared)
  const { statelessTemplate: stateless } = buildTestApp();
  const functions = resourcesOf(stateless, 'AWS::Lambda::Function');
  const [jobId, job] = Object.entries(functions).find(([, fn]) => JSON.stringify(fn.Properties.Environment ?? {}).includes('EXPORT_JOB_SELF'))!;

  it('is its own function with the files bucket, a long timeout for an .xlsx in one invocation, and its self-invoke flag', () => {
    // Assess
    expect(job.Properties.Timeout).toBe(900);
    expect(job.Properties.Environment.Variables.EXPORT_JOB_SELF).toBe('true');
    expect(job.Properties.Environment.Variables.FILES_BUCKET).toBeDefined();
  });

  it('grants S3 only on objects under exports/: PutObject and AbortMultipartUpload to the job, GetObject to the API side', () => {
    // Act
    const statements = policyStatements(stateless).filter(
      (statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')) && JSON.stringify(statement.Resource).includes('/exports/'),
    );

    // Assess
    expect(statements.map((statement) => asArray(statement.Action).sort().join(' ')).sort()).toEqual(['s3:AbortMultipartUpload s3:PutObject', 's3:GetObject']);
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).toMatch(/-files-.*\/exports\/\*"/);
    const everyS3 = policyStatements(stateless).filter((statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')));
    for (const statement of everyS3) expect(asArray(statement.Action).some((action) => action.includes('*'))).toBe(false);
  });

  it('retries a failed asynchronous step twice, then the dead-letter queue', () => {
    // Assess
    const configs = Object.values(resourcesOf(stateless, 'AWS::Lambda::EventInvokeConfig')).filter((config) => JSON.stringify(config.Properties.FunctionName).includes(jobId));
    expect(configs).toHaveLength(1);
    expect(configs[0]!.Properties).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: expect.anything() } } });
  });

  it('lets the API side invoke the job and the job only itself (unqualified ARNs)', () => {
    // Act
    const invokes = policyStatements(stateless).filter(
      (statement) => asArray(statement.Action).includes('lambda:InvokeFunction') && JSON.stringify(statement.Resource).includes(jobId),
    );

    // Assess
    expect(invokes.length).toBeGreaterThanOrEqual(2);
    for (const statement of invokes) expect(JSON.stringify(statement.Resource)).not.toContain(':*');
  });
});
