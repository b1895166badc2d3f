import { describe, expect, it } from 'vitest';
import { asArray, buildTestApp, policyStatements, resourcesOf } from './crm-test-app';

/** The domain events' wiring (lib/constructs/domain-events.ts): bus, archive, the filtered stream mapping, least privilege. */
describe('domain events', () => {
  // Prepare (shared)
  const { statelessTemplate: stateless } = buildTestApp();
  const functions = resourcesOf(stateless, 'AWS::Lambda::Function');
  const [publisherId, publisher] = Object.entries(functions).find(([id]) => id.startsWith('DomainEventsjobdomainevents'))!;
  const roleId = () => publisher.Properties.Role['Fn::GetAtt'][0] as string;

  it('has a custom bus with a 30-day archive of the CRM events', () => {
    const buses = Object.values(resourcesOf(stateless, 'AWS::Events::EventBus'));
    expect(buses).toHaveLength(1);
    expect(buses[0]!.Properties.Name).toMatch(/-domain-events$/);
    stateless.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30, EventPattern: { source: ['crm.domain'] } });
    expect(publisher.Properties.Environment.Variables.EVENT_BUS_NAME).toBeDefined();
  });

  it('reads the table stream filtered to audit entries’ INSERTs, with partial failures, bisect, retries and a dead-letter queue', () => {
    const mappings = Object.values(resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping')).filter((mapping) => JSON.stringify(mapping.Properties.FunctionName).includes(publisherId));
    expect(mappings).toHaveLength(1);
    const properties = mappings[0]!.Properties;
    expect(properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86_400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    expect(JSON.parse(properties.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['AuditEntry'] } } } });
    expect(JSON.stringify(properties.EventSourceArn)).toContain('StreamArn');
  });

  it('may only read the stream, put events on its bus and record the change feed (GetItem, PutItem): no Query, Update or Delete', () => {
    const statements = Object.values(resourcesOf(stateless, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId()))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Effect: string }[])
      .filter((statement) => statement.Effect === 'Allow');
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(actions.filter((action) => action.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:DescribeStream', 'dynamodb:GetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'dynamodb:PutItem',
    ]);
    const itemStatements = statements.filter((statement) => asArray(statement.Action).includes('dynamodb:PutItem'));
    expect(itemStatements).toHaveLength(1);
    expect(JSON.stringify(itemStatements[0]!.Resource)).not.toContain('index');
    const putEvents = statements.filter((statement) => asArray(statement.Action).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(JSON.stringify(putEvents[0]!.Resource)).toContain('DomainEventsBus');
    // No other function may put events on the bus.
    expect(policyStatements(stateless).filter((statement) => asArray(statement.Action).includes('events:PutEvents'))).toHaveLength(1);
  });
});
