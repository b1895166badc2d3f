import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { asArray, buildTestApp, policyStatements, resourcesOf } from './crm-test-app';

/** The files bucket (lib/constructs/files.ts) and the import job's wiring (lib/constructs/imports.ts). */
describe('files bucket and import job', () => {
  // Prepare (shared)
  const { statefulTemplate: stateful, statelessTemplate: stateless } = buildTestApp();
  const buckets = resourcesOf(stateful, 'AWS::S3::Bucket');
  const [filesId, files] = Object.entries(buckets).find(([, bucket]) => bucket.Properties.NotificationConfiguration)!;

  it('is private, encrypted, retained, sends its events to EventBridge and expires imports and exports', () => {
    // Assess
    expect(Object.keys(buckets)).toHaveLength(2);
    expect(files.DeletionPolicy).toBe('Retain');
    expect(files.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LoggingConfiguration: { LogFilePrefix: 'crm-dev/files/' },
    });
    const rules = files.Properties.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; ExpirationInDays?: number }[];
    expect(rules.map((rule) => [rule.Id, rule.Prefix, rule.ExpirationInDays])).toEqual([
      ['abort-incomplete-uploads', undefined, undefined],
      ['expire-imports', 'imports/', 30],
      ['expire-exports', 'exports/', 7],
    ]);
  });

  it('refuses every request that is not TLS (bucket policy)', () => {
    // Act
    const policy = Object.values(resourcesOf(stateful, 'AWS::S3::BucketPolicy')).find((candidate) => candidate.Properties.Bucket.Ref === filesId)!;

    // Assess
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('grants S3 only on objects under imports/: PutObject to the API side, GetObject to the job, nothing else', () => {
    // Act
    // (The exports and attachments areas have their own grants: test/cdk/exports.test.ts, test/cdk/attachments.test.ts.)
    const s3Statements = policyStatements(stateless).filter(
      (statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')) && !/\/(exports|attachments)\//.test(JSON.stringify(statement.Resource)),
    );

    // Assess
    expect(s3Statements.map((statement) => asArray(statement.Action)).sort()).toEqual([['s3:GetObject'], ['s3:PutObject']]);
    for (const statement of s3Statements) expect(JSON.stringify(statement.Resource)).toMatch(/-files-.*\/imports\/\*"/);
  });

  it('starts the job on Object Created under imports/ of that bucket, with retries and a dead-letter queue', () => {
    // Assess
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [Match.anyValue()] }, object: { key: [{ prefix: 'imports/' }] } },
      },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: Match.anyValue() })],
    });
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: Match.anyValue() } });
  });

  it('lets the job invoke only itself, and the API side only the job (unqualified ARNs, no wildcard)', () => {
    // Act
    const invokes = policyStatements(stateless).filter((statement) => asArray(statement.Action).includes('lambda:InvokeFunction'));

    // Assess
    const jobInvokes = invokes.filter((statement) => JSON.stringify(statement.Resource).includes('jobimport'));
    expect(jobInvokes.length).toBeGreaterThanOrEqual(2);
    for (const statement of jobInvokes) expect(JSON.stringify(statement.Resource)).not.toContain(':*');
  });
});
