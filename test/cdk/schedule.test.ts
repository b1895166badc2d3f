import { describe, expect, it } from 'vitest';
import { SCHEDULED_JOBS } from '#lib/constructs/schedule';
import { asArray, buildTestApp, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('CrmSchedule (scheduled jobs)', () => {
  // Prepare (shared)
  const { statelessTemplate: template } = buildTestApp();
  const schedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule'));
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const queues = resourcesOf(template, 'AWS::SQS::Queue');
  const [dlqId] = Object.keys(queues);
  const jobFunctionId = (name: string) =>
    Object.entries(functions).find(([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `crm-${name}`)?.[0];
  const statementsOfRole = (roleId: string | undefined): Statement[] =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: unknown) => logicalIdOf(role) === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

  it('has exactly one schedule per job, targeting that job\'s function', () => {
    // Act
    const targets = schedules.map((schedule) => logicalIdOf(schedule.Properties.Target.Arn));

    // Assess
    const expected = Object.values(SCHEDULED_JOBS).reduce((total, job) => total + 1 + Object.keys(job.additionalSchedules ?? {}).length, 0);
    expect(schedules).toHaveLength(expected);
    expect([...new Set(targets)].sort()).toEqual(Object.keys(SCHEDULED_JOBS).map(jobFunctionId).sort());
  });

  it('runs churn detection once a day, at night in China', () => {
    // Act
    const churn = schedules.find((schedule) => logicalIdOf(schedule.Properties.Target.Arn) === jobFunctionId('churn-detection'));

    // Assess
    expect(churn?.Properties).toMatchObject({
      ScheduleExpression: 'cron(30 2 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
    });
  });

  it('gives every schedule a retry policy and the dead-letter queue', () => {
    for (const schedule of schedules) {
      expect(schedule.Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
      expect(logicalIdOf(schedule.Properties.Target.DeadLetterConfig.Arn)).toBe(dlqId);
    }
  });

  it('sends a failed run (Lambda async retries spent) to the same dead-letter queue', () => {
    // Act
    // The scheduled jobs' (the import and export jobs, the attachment check, the customers function's merge steps and the
    // campaigns function's launch steps have their own: test/cdk/files.test.ts, test/cdk/exports.test.ts,
    // test/cdk/attachments.test.ts, test/cdk/merge-job.test.ts, test/cdk/campaign-mail.test.ts).
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (config) => !/^(Imports|Exports|Attachments|fncustomers|fncampaigns)/.test(logicalIdOf(config.Properties.FunctionName) ?? ''),
    );

    // Assess
    expect(configs.map((config) => logicalIdOf(config.Properties.FunctionName)).sort()).toEqual(Object.keys(SCHEDULED_JOBS).map(jobFunctionId).sort());
    for (const config of configs) {
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      expect(logicalIdOf(config.Properties.DestinationConfig.OnFailure.Destination)).toBe(dlqId);
    }
  });

  it('has one dead-letter queue, encrypted, refusing non-TLS access, keeping messages 14 days', () => {
    // Act
    const [policy] = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));

    // Assess
    expect(Object.keys(queues)).toHaveLength(1);
    expect(queues[dlqId!]?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('builds the job like every function (arm64, JSON logs, tracing) with its settings and without API secrets', () => {
    // Act
    const properties = functions[jobFunctionId('churn-detection')!]?.Properties ?? {};

    // Assess
    expect(properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Timeout: 300 });
    expect(properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
    expect(properties.Environment.Variables).toMatchObject({ CHURN_THRESHOLD_MONTHS: '6', CHURN_PAGE_SIZE: '100' });
    expect(properties.Environment.Variables).toHaveProperty('TABLE_NAME');
    // The job has no list cursors and looks up no users.
    expect(properties.Environment.Variables).not.toHaveProperty('CURSOR_SIGNING_KEY');
    expect(properties.Environment.Variables).not.toHaveProperty('USER_POOL_ID');
  });

  it('lets the churn job do exactly its work on the table: Query gsi6, Get/Put/Update items — no Scan, no Delete, no other index', () => {
    // Prepare
    const roleId = logicalIdOf(functions[jobFunctionId('churn-detection')!]?.Properties.Role);

    // Act
    const dynamo = statementsOfRole(roleId).filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));
    const actions = dynamo.flatMap((statement) => asArray(statement.Action)).sort();
    const indexResources = dynamo
      .filter((statement) => asArray(statement.Action).includes('dynamodb:Query'))
      .flatMap((statement) => asArray(statement.Resource))
      .map((resource) => JSON.stringify(resource));

    // Assess
    expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(indexResources).toHaveLength(1);
    expect(indexResources[0]).toContain('/index/gsi6');
    for (const statement of statementsOfRole(roleId)) {
      expect(asArray(statement.Action).join()).not.toMatch(/cognito-idp|\*$/);
    }
  });

  it('lets the scheduler invoke exactly the job function (no version wildcard) and write to the dead-letter queue', () => {
    // Prepare
    const schedulerRoleIds = Object.entries(resourcesOf(template, 'AWS::IAM::Role'))
      .filter(([, role]) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'))
      .map(([id]) => id);

    // Act
    const statements = schedulerRoleIds.flatMap(statementsOfRole);
    const invoke = statements.filter((statement) => asArray(statement.Action).includes('lambda:InvokeFunction'));

    // Assess
    expect(schedulerRoleIds.length).toBeGreaterThan(0);
    expect([...new Set(invoke.flatMap((statement) => asArray(statement.Resource)).map(logicalIdOf))].sort()).toEqual(
      Object.keys(SCHEDULED_JOBS).map(jobFunctionId).sort(),
    );
    expect(JSON.stringify(statements)).not.toMatch(/:\*"/);
    expect([...new Set(statements.filter((statement) => asArray(statement.Action).includes('sqs:SendMessage')).map((statement) => logicalIdOf(statement.Resource)))]).toEqual([dlqId]);
  });

  // reports
  it('runs the report snapshots nightly and on the 1st of each month (UTC), each run saying which schedule fired', () => {
    // Act
    const ofReports = schedules.filter((schedule) => logicalIdOf(schedule.Properties.Target.Arn) === jobFunctionId('report-snapshots'));

    // Assess
    const byInput = Object.fromEntries(ofReports.map((schedule) => [JSON.parse(schedule.Properties.Target.Input).trigger, schedule.Properties]));
    expect(Object.keys(byInput).sort()).toEqual(['monthly', 'nightly']);
    expect(byInput.nightly.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    expect(byInput.monthly.ScheduleExpression).toBe('cron(0 1 1 * ? *)');
    for (const properties of Object.values(byInput) as any[]) {
      expect(properties.ScheduleExpressionTimezone).toBe('Etc/UTC');
      expect(properties.Target.RetryPolicy).toBeDefined();
      expect(logicalIdOf(properties.Target.DeadLetterConfig.Arn)).toBe(dlqId);
    }
  });

  it('lets the report-snapshot job only Query the table, read customer names and Put snapshots — no index, no Update, no Delete', () => {
    // Prepare
    const fnId = jobFunctionId('report-snapshots');
    const roleId = logicalIdOf(functions[fnId!]!.Properties.Role);

    // Act
    const tableStatements = statementsOfRole(roleId).filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));

    // Assess
    expect(tableStatements.flatMap((statement) => asArray(statement.Action)).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(JSON.stringify(tableStatements)).not.toContain('/index/');
  });

  // reminders
  it('runs the reminder job every minute with exactly its access: Query the buckets and gsi4, items, AdminGetUser, SendEmail from the identity with the configuration set', () => {
    // Prepare
    const fnId = jobFunctionId('reminders');
    const properties = functions[fnId!]!.Properties;
    const statements = statementsOfRole(logicalIdOf(properties.Role));
    const reminders = schedules.find((schedule) => logicalIdOf(schedule.Properties.Target.Arn) === fnId);

    // Act
    const dynamo = statements.filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));
    const cognito = statements.filter((statement) => asArray(statement.Action).some((action) => action.startsWith('cognito-idp:')));
    const ses = statements.filter((statement) => asArray(statement.Action).some((action) => action.startsWith('ses:')));
    const [identityId] = Object.keys(resourcesOf(template, 'AWS::SES::EmailIdentity'));
    const [configurationSet] = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSet'));

    // Assess
    expect(reminders?.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect([...new Set(dynamo.flatMap((statement) => asArray(statement.Action)))].sort()).toEqual([
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(dynamo.map((statement) => statement.Resource))).toContain('/index/gsi4');
    expect(JSON.stringify(dynamo.map((statement) => statement.Resource))).not.toMatch(/index\/gsi[1-35-9]|index\/\*/);
    expect(cognito.flatMap((statement) => asArray(statement.Action))).toEqual(['cognito-idp:AdminGetUser']);
    expect(ses.flatMap((statement) => asArray(statement.Action))).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(ses[0]!.Resource)).toContain(identityId!);
    expect(JSON.stringify(ses[0]!.Resource)).toContain('configuration-set');
    expect(properties.Environment.Variables).toMatchObject({ MAIL_FROM: 'crm-reminders@example.com', REMINDER_MAX_MAILS_PER_SECOND: '14' });
    expect(properties.Environment.Variables).toHaveProperty('USER_POOL_ID');
    expect(properties.Environment.Variables).not.toHaveProperty('CURSOR_SIGNING_KEY');
    expect(configurationSet?.Properties).toMatchObject({ ReputationOptions: { ReputationMetricsEnabled: true }, SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
  });
});
