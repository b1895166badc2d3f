import { describe, expect, it } from 'vitest';
import { buildTestApp, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** A customer merge that outlasts its request: the customers function continues it by invoking itself (functions/customers/merge/). */
describe('customer merge steps (the customers function invoking itself)', () => {
  // Prepare (shared)
  const { statelessTemplate: template } = buildTestApp();
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const [customersId, customers] = Object.entries(functions).find(([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'crm-customers')!;
  const [dlqId] = Object.keys(resourcesOf(template, 'AWS::SQS::Queue'));

  it('may invoke only itself, and retries a failed step twice before the dead-letter queue', () => {
    // Act
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: unknown) => logicalIdOf(role) === logicalIdOf(customers.Properties.Role)))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    const invokes = statements.filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    const [config] = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (candidate) => logicalIdOf(candidate.Properties.FunctionName) === customersId,
    );

    // Assess
    expect(invokes).toHaveLength(1);
    expect(logicalIdOf(invokes[0]!.Resource)).toBe(customersId);
    expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
    expect(logicalIdOf(config?.Properties.DestinationConfig.OnFailure.Destination)).toBe(dlqId);
  });
});
