import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IndexName } from '#shared/db/table-definition';
import { CrmFunction, PROJECT_ROOT, type CognitoAction } from './crm-function';
import type { CrmMail } from './mail';

/** One scheduled job: its handler module, when it runs, and exactly what it may do to the table. */
export interface ScheduledJobDefinition {
  /** `crm-<name>` is its Powertools service name. */
  readonly entry: string;
  readonly description: string;
  readonly schedule: ScheduleExpression;
  /** What the main schedule sends (merged with `{ job }`). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Further schedules of the same function (`<job>-<suffix>`), e.g. a monthly run beside the nightly one. */
  readonly additionalSchedules?: Readonly<Record<string, { readonly schedule: ScheduleExpression; readonly description: string; readonly input?: Readonly<Record<string, unknown>> }>>;
  /** Table actions (no wildcard) and the indexes it may Query, by name. */
  readonly tableActions: readonly `dynamodb:${string}`[];
  readonly indexes: readonly IndexName[];
  /** Cognito actions on the user pool (and USER_POOL_ID in its environment); none when absent. */
  readonly userPoolActions?: readonly CognitoAction[];
  /** Sends mail: `ses:SendEmail` on the sender identity and configuration set, MAIL_FROM / SES_CONFIGURATION_SET set. */
  readonly sendsMail?: boolean;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The scheduled jobs (churn detection, report snapshots, reminders, quote expiry), in one place like FUNCTION_ACCESS.
 */
export const SCHEDULED_JOBS: Readonly<Record<string, ScheduledJobDefinition>> = {
  // The daily churn warning (客户流失预警): reads the churn-watch index, opens records, counts them.
  'churn-detection': {
    entry: `${PROJECT_ROOT}functions/jobs/churn-detection.handler.ts`,
    description: 'CRM daily churn detection: opens lost-customer warnings for customers with no order for N months',
    // 02:30 in China, after the working day, before the morning's first look at the lost-customer list.
    schedule: ScheduleExpression.cron({ minute: '30', hour: '2', timeZone: TimeZone.ASIA_SHANGHAI }),
    // Query the watch index; read a closed record before replacing it; Update the customer and the aggregate;
    // Put the record (and an episode). Nothing else: no Scan, no Delete, no other index.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: ['gsi6'],
    // Its cost follows the customers at risk: even a first run over a large legacy book stays far below this.
    timeout: Duration.minutes(5),
    memorySize: 512,
    environment: { CHURN_THRESHOLD_MONTHS: '6', CHURN_PAGE_SIZE: '100' },
  },
  // Snapshots of every report for the period (统计报表 history): nightly for the current month (as of
  // yesterday), and on the 1st for the month just closed. UTC, because report periods are UTC calendar months.
  'report-snapshots': {
    entry: `${PROJECT_ROOT}functions/jobs/report-snapshots.handler.ts`,
    description: 'CRM report snapshots: writes every report of the period (nightly: this month so far)',
    schedule: ScheduleExpression.cron({ minute: '30', hour: '0', timeZone: TimeZone.ETC_UTC }),
    input: { trigger: 'nightly' },
    additionalSchedules: {
      monthly: {
        schedule: ScheduleExpression.cron({ minute: '0', hour: '1', day: '1', timeZone: TimeZone.ETC_UTC }),
        description: 'CRM report snapshots: writes every report of the month just closed (1st of each month)',
        input: { trigger: 'monthly' },
      },
    },
    // Query the aggregate partitions (table only), read customer names (BatchGetItem), Put the snapshots.
    // No Scan, no Update, no Delete, no index.
    tableActions: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    indexes: [],
    // A few Queries and six Puts: seconds, whatever the number of orders.
    timeout: Duration.minutes(2),
    memorySize: 512,
    environment: {},
  },
  // Reminders (工作计划到期提醒): every minute, delivers the reminders due since the last run to the inbox and by mail.
  reminders: {
    entry: `${PROJECT_ROOT}functions/jobs/reminders.handler.ts`,
    description: 'CRM reminders: delivers due reminders to the in-app inbox and by e-mail (SES), exactly once',
    schedule: ScheduleExpression.rate(Duration.minutes(1)),
    // Query the minute buckets (table) and the pending-mail index (gsi4); read the checkpoint and preferences (GetItem);
    // the delivery transaction deletes the reminder and puts the notification and the counter (Delete/Put/UpdateItem);
    // mail claims and outcomes are UpdateItems. No Scan, no other index.
    tableActions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    indexes: ['gsi4'],
    // The recipient's name, address and whether the account is enabled.
    userPoolActions: ['cognito-idp:AdminGetUser'],
    sendsMail: true,
    // A minute's work; a backlog (the job was down) is worked off in capped runs (REMINDER_MAX_PER_RUN).
    timeout: Duration.seconds(55),
    memorySize: 512,
    environment: { REMINDER_MAX_PER_RUN: '2000', REMINDER_MAX_MAILS_PER_RUN: '500' },
  },
  // Quote expiry (报价有效期): daily, just after midnight in China (a quote is valid through its last day there), sent
  // quotes past their validity become expired.
  'quote-expiry': {
    entry: `${PROJECT_ROOT}functions/jobs/quote-expiry.handler.ts`,
    description: 'CRM quote expiry: sent quotes past their validity date become expired',
    schedule: ScheduleExpression.cron({ minute: '5', hour: '0', timeZone: TimeZone.ASIA_SHANGHAI }),
    // Query the sent-quotes-by-expiry index (gsi2); each expiry is a transaction of two Puts (the quote, conditional on
    // its version and status, and its audit entry). No Scan, no Update, no Delete, no other index.
    tableActions: ['dynamodb:Query', 'dynamodb:PutItem'],
    indexes: ['gsi2'],
    // Cost follows the quotes due: a day's expiries are seconds; a backlog is capped per run (QUOTE_EXPIRY_MAX_PER_RUN).
    timeout: Duration.minutes(2),
    memorySize: 512,
    environment: { QUOTE_EXPIRY_MAX_PER_RUN: '5000' },
  },
  // Webhook retries (issue 22): every minute, sends again the deliveries due (functions/webhooks/retry-webhooks.handler.ts).
  'webhook-retries': {
    entry: `${PROJECT_ROOT}functions/webhooks/retry-webhooks.handler.ts`,
    description: 'CRM webhook retries: sends again the failed deliveries that are due (backoff up to 24 h, then dead-lettered)',
    schedule: ScheduleExpression.rate(Duration.minutes(1)),
    // Query the minute buckets of the due index (gsi3); read the checkpoint, subscriptions and their health (GetItem);
    // claim and record each delivery (PutItem), the health and checkpoint (UpdateItem); disabling a subscription is a
    // transaction of two Puts (the subscription, its audit entry). No Scan, no Delete, no other index.
    tableActions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: ['gsi3'],
    // Each attempt is bounded by 5 s, 8 at a time.
    timeout: Duration.seconds(55),
    memorySize: 256,
    environment: {},
  },
};

/**
 * LambdaInvoke grants the schedule's role `lambda:InvokeFunction` on the function AND on `<arn>:*` (every version
 * and alias) — a wildcard the schedule never needs: it invokes the unqualified ARN. This target grants exactly that.
 */
class UnqualifiedLambdaInvoke extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1],
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }));
  }
}

export interface CrmScheduleProps {
  readonly namePrefix: string;
  readonly table: ITableV2;
  /** For jobs with `userPoolActions`. */
  readonly userPool?: IUserPool;
  /** For jobs that send mail. */
  readonly mail?: CrmMail;
  /** @default SCHEDULED_JOBS */
  readonly jobs?: Readonly<Record<string, ScheduledJobDefinition>>;
}

/** Retries of a failed delivery by the schedule (a failed run's: CrmFunction.retryAsyncInvocations, the same 2 within 6 h). */
const RETRY_ATTEMPTS = 2;
/** A run that could not be delivered or completed within this is given up (and dead-lettered): the next day's runs. */
const MAX_EVENT_AGE = Duration.hours(6);

/**
 * Scheduled jobs: each a CrmFunction (same defaults as the API functions, own role, least-privilege grants)
 * invoked by an EventBridge Scheduler schedule.
 *
 * Failures are never silent. EventBridge Scheduler invokes Lambda asynchronously, so there are two retry stages,
 * and both end in the same encrypted dead-letter queue:
 * - delivery (throttling, a missing permission): the schedule's retry policy, then the schedule's DLQ;
 * - the run itself (the handler throws): Lambda's asynchronous retries, then the on-failure destination.
 */
export class CrmSchedule extends Construct {
  readonly jobs: ReadonlyMap<string, CrmFunction>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: CrmScheduleProps) {
    super(scope, id);

    const deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: two weeks to notice and replay a failed run.
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS the dead-letter queue of the scheduled jobs (the EventBridge Scheduler target DLQ and the Lambda ' +
        'asynchronous on-failure destination); cdk-nag only recognises a DLQ through another queue\'s redrive policy. ' +
        'A dead-letter queue of a dead-letter queue would only move the same messages once more.',
    });
    this.deadLetterQueue = deadLetterQueue;

    const jobs = new Map<string, CrmFunction>();
    const schedules = new Map<string, Schedule>();
    for (const [name, job] of Object.entries(props.jobs ?? SCHEDULED_JOBS)) {
      const userPool = job.userPoolActions?.length ? props.userPool : undefined;
      if (job.userPoolActions?.length && !userPool) throw new Error(`CrmSchedule: job ${name} needs the user pool`);
      if (job.sendsMail && !props.mail) throw new Error(`CrmSchedule: job ${name} sends mail and needs CrmMail`);
      const mail = job.sendsMail ? props.mail : undefined;
      const fn = new CrmFunction(this, `job-${name}`, {
        name,
        entry: job.entry,
        description: job.description,
        table: props.table,
        ...(userPool ? { userPool } : {}),
        timeout: job.timeout,
        memorySize: job.memorySize,
        environment: {
          ...job.environment,
          ...(mail ? { MAIL_FROM: mail.from, SES_CONFIGURATION_SET: mail.configurationSetName, REMINDER_MAX_MAILS_PER_SECOND: String(mail.maxPerSecond) } : {}),
        },
      });
      fn.bindTableActions(props.table, { tableActions: job.tableActions, indexes: job.indexes });
      if (userPool) fn.bindUserPool(userPool, job.userPoolActions ?? []);
      if (mail) fn.bindMail(mail);
      fn.retryAsyncInvocations(deadLetterQueue);
      const runs: [string, ScheduleExpression, string, Readonly<Record<string, unknown>> | undefined][] = [
        [name, job.schedule, job.description, job.input],
        ...Object.entries(job.additionalSchedules ?? {}).map(
          ([suffix, extra]): [string, ScheduleExpression, string, Readonly<Record<string, unknown>> | undefined] => [`${name}-${suffix}`, extra.schedule, extra.description, extra.input],
        ),
      ];
      for (const [scheduleName, expression, description, input] of runs) {
        const schedule = new Schedule(this, `schedule-${scheduleName}`, {
          scheduleName: `${props.namePrefix}-${scheduleName}`,
          description,
          schedule: expression,
          target: new UnqualifiedLambdaInvoke(fn.function, {
            input: ScheduleTargetInput.fromObject({ job: name, ...(input ?? {}) }),
            retryAttempts: RETRY_ATTEMPTS,
            maxEventAge: MAX_EVENT_AGE,
            deadLetterQueue,
          }),
        });
        schedules.set(scheduleName, schedule);
      }
      jobs.set(name, fn);
    }
    this.jobs = jobs;
    this.schedules = schedules;
  }
}
