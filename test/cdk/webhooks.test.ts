import { describe, expect, it } from 'vitest';
import { asArray, buildTestApp, resourcesOf } from './crm-test-app';

/** The webhooks' wiring (lib/constructs/webhooks.ts, the `webhook-retries` job): the rule, the dispatcher, least privilege. */
describe('webhooks', () => {
  // Prepare (shared)
  const { statelessTemplate: stateless } = buildTestApp();
  const functions = resourcesOf(stateless, 'AWS::Lambda::Function');
  const [dispatcherId, dispatcher] = Object.entries(functions).find(([id]) => id.startsWith('Webhooksjobwebhookdispatch'))!;
  const statementsOf = (functionId: string) => {
    const roleId = functions[functionId]!.Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(resourcesOf(stateless, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Effect: string }[])
      .filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));
  };

  it('sends every crm.domain event of the bus to the dispatcher, retried twice, then to the dead-letter queue', () => {
    const rules = Object.values(resourcesOf(stateless, 'AWS::Events::Rule')).filter((rule) => JSON.stringify(rule.Properties.Targets ?? []).includes(dispatcherId));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern).toEqual({ source: ['crm.domain'] });
    expect(JSON.stringify(rules[0]!.Properties.EventBusName)).toContain('DomainEventsBus');
    expect(rules[0]!.Properties.Targets[0]).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: { Arn: expect.anything() } });
  });

  it('lets the dispatcher Query only the subscriptions index, and never Scan, delete or set the loopback flag', () => {
    const statements = statementsOf(dispatcherId);
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const indexGrants = statements.filter((statement) => JSON.stringify(statement.Resource).includes('/index/'));
    expect(JSON.stringify(indexGrants)).toContain('/index/gsi1');
    expect(JSON.stringify(indexGrants)).not.toMatch(/\/index\/gsi[2-9]|\/index\/\*/);
    expect(dispatcher.Properties.Environment.Variables).not.toHaveProperty('WEBHOOKS_ALLOW_LOOPBACK');
    expect(dispatcher.Properties.Timeout).toBeLessThanOrEqual(30);
  });

  it('runs the retry job every minute, reading only the due index', () => {
    const [retryId, retry] = Object.entries(functions).find(([id]) => id.startsWith('Schedulejobwebhookretries'))!;
    expect(retry.Properties.Environment.Variables).not.toHaveProperty('WEBHOOKS_ALLOW_LOOPBACK');
    const indexGrants = statementsOf(retryId).filter((statement) => JSON.stringify(statement.Resource).includes('/index/'));
    expect(JSON.stringify(indexGrants)).toContain('/index/gsi3');
    expect(JSON.stringify(indexGrants)).not.toMatch(/\/index\/gsi([124-9]|1\d)"/);
    const schedules = Object.values(resourcesOf(stateless, 'AWS::Scheduler::Schedule')).filter((schedule) => JSON.stringify(schedule.Properties.Target).includes(retryId));
    expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
  });
});
