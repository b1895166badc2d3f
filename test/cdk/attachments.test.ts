import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { asArray, buildTestApp, policyStatements, resourcesOf } from './crm-test-app';

/** The attachments' wiring (lib/constructs/attachments.ts): per-prefix grants, the check's rule, retries, dead-letter queue. */
describe('attachments', () => {
  // Prepare (shared)
  const { statelessTemplate: stateless } = buildTestApp();
  const functions = resourcesOf(stateless, 'AWS::Lambda::Function');
  const [checkId, check] = Object.entries(functions).find(([id]) => id.startsWith('Attachmentsjobattachmentcheck'))!;
  const roleOf = (functionId: string) => JSON.stringify(functions[functionId]!.Properties.Role);
  const attachmentStatements = () =>
    Object.values(resourcesOf(stateless, 'AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('s3:')) && JSON.stringify(statement.Resource).includes('/attachments/'))
        .map((statement) => ({ roles: JSON.stringify(policy.Properties.Roles), actions: asArray(statement.Action).sort().join(' '), resource: JSON.stringify(statement.Resource) })),
    );

  it('grants S3 only on objects under attachments/: PutObject + GetObject to the API side, GetObject + DeleteObject to the check', () => {
    // Act
    const statements = attachmentStatements();
    const apiId = Object.keys(functions).find((id) => id.startsWith('fnattachments'))!;

    // Assess
    expect(statements.map((statement) => statement.actions).sort()).toEqual(['s3:DeleteObject s3:GetObject', 's3:GetObject s3:PutObject']);
    for (const statement of statements) expect(statement.resource).toMatch(/-files-.*\/attachments\/\*"/);
    expect(statements.find((statement) => statement.actions.includes('Delete'))!.roles).toContain(JSON.parse(roleOf(checkId))['Fn::GetAtt'][0]);
    expect(statements.find((statement) => statement.actions.includes('Put'))!.roles).toContain(JSON.parse(roleOf(apiId))['Fn::GetAtt'][0]);
    // No other function reaches the attachments area.
    expect(policyStatements(stateless).filter((statement) => JSON.stringify(statement.Resource).includes('/attachments/'))).toHaveLength(2);
  });

  it('starts the check on Object Created under attachments/ of the files bucket, with retries and a dead-letter queue', () => {
    // Assess
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [Match.anyValue()] }, object: { key: [{ prefix: 'attachments/' }] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [checkId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: Match.anyValue() })],
    });
    expect(check.Properties.Environment.Variables.FILES_BUCKET).toBeDefined();
    expect(check.Properties.Timeout).toBe(30);
  });

  it('retries a failed asynchronous check twice, then the dead-letter queue', () => {
    // Assess
    const configs = Object.values(resourcesOf(stateless, 'AWS::Lambda::EventInvokeConfig')).filter((config) => JSON.stringify(config.Properties.FunctionName).includes(checkId));
    expect(configs).toHaveLength(1);
    expect(configs[0]!.Properties).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: expect.anything() } } });
  });
});
