import { describe, expect, it } from 'vitest';
import { buildTestApp, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Campaign mail (issue 19, part 3): the campaigns function's launch steps, its SES sending and the bounce and complaint events. */
describe('campaign mail (the campaigns function)', () => {
  // Prepare (shared)
  const { statelessTemplate: template } = buildTestApp();
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const [campaignsId, campaigns] = Object.entries(functions).find(([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'crm-campaigns')!;
  const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: unknown) => logicalIdOf(role) === logicalIdOf(campaigns.Properties.Role)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

  it('retries a failed launch step twice before the dead-letter queue, and may invoke only itself', () => {
    // Act
    const [dlqId] = Object.keys(resourcesOf(template, 'AWS::SQS::Queue'));
    const invokes = statements.filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    const [config] = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter((candidate) => logicalIdOf(candidate.Properties.FunctionName) === campaignsId);

    // Assess
    expect(invokes).toHaveLength(1);
    expect(logicalIdOf(invokes[0]!.Resource)).toBe(campaignsId);
    expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
    expect(logicalIdOf(config?.Properties.DestinationConfig.OnFailure.Destination)).toBe(dlqId);
  });

  it('sends through SES on exactly the sender identity and configuration set, at the configured rate, its links on this API', () => {
    // Act
    const sends = statements.filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
    const environment = campaigns.Properties.Environment.Variables;

    // Assess
    expect(sends).toHaveLength(1);
    expect([sends[0]!.Resource].flat()).toHaveLength(2);
    expect(Object.keys(environment)).toEqual(expect.arrayContaining(['MAIL_FROM', 'SES_CONFIGURATION_SET', 'CAMPAIGN_MAX_MAILS_PER_SECOND', 'PUBLIC_API_URL']));
    expect(JSON.stringify(environment.PUBLIC_API_URL)).toContain('ApiEndpoint');
  });

  it('publishes the configuration set’s deliveries, bounces and complaints to an encrypted topic the campaigns function subscribes to', () => {
    // Act
    const destinations = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSetEventDestination'));
    const topics = resourcesOf(template, 'AWS::SNS::Topic');
    const topicId = logicalIdOf(destinations[0]?.Properties.EventDestination.SnsDestination.TopicARN);
    const subscriptions = Object.values(resourcesOf(template, 'AWS::SNS::Subscription')).filter((subscription) => logicalIdOf(subscription.Properties.TopicArn) === topicId);

    // Assess
    expect(destinations).toHaveLength(1);
    expect([...destinations[0]!.Properties.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery']);
    expect(topics[topicId!]?.Properties.KmsMasterKeyId).toBeDefined();
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties).toMatchObject({ Protocol: 'lambda' });
    expect(logicalIdOf(subscriptions[0]!.Properties.Endpoint)).toBe(campaignsId);
  });
});
