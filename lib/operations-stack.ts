import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CrmAppConfig } from './app-config';
import { CrmAlarms } from '#lib/constructs/alarms';
import { CrmDashboard } from '#lib/constructs/dashboard';
import { ReadGuardAlarm } from '#lib/constructs/read-guard-alarm';
import type { CrmStatefulStack } from './stateful-stack';
import type { CrmStatelessStack } from './stateless-stack';

export interface CrmOperationsStackProps extends StackProps {
  readonly namePrefix: string;
  readonly config: CrmAppConfig;
  /** The table (its name, for its metrics). */
  readonly stateful: CrmStatefulStack;
  /** What is watched: the functions, the staff and portal APIs, their access logs, the jobs' dead-letter queue, the read guard's metric. */
  readonly stateless: CrmStatelessStack;
}

/**
 * What operations look at and are told about: the alarms on one KMS-encrypted SNS topic (lib/constructs/alarms.ts),
 * the read guard's alarm (its metric filters stay beside the log groups, in the stateless stack) and the operations
 * dashboard (lib/constructs/dashboard.ts). It changes with monitoring, not with code, and nothing depends on it.
 *
 * It reads from the other stacks NAMES and ids only (each function's name, the APIs' ids, the access and API log
 * groups' names, the dead-letter queue's name, the table's name): metric dimensions and log queries need nothing
 * else. `cdk deploy --all` deploys it after the stateless stack.
 */
export class CrmOperationsStack extends Stack {
  readonly alarms: CrmAlarms;
  readonly readGuardAlarm: ReadGuardAlarm;
  readonly dashboard: CrmDashboard;

  constructor(scope: Construct, id: string, props: CrmOperationsStackProps) {
    super(scope, id, props);
    const { stateful, stateless, config, namePrefix } = props;

    // The data-exfiltration guard: an alarm on the first trip (lib/constructs/read-guard-alarm.ts).
    this.readGuardAlarm = new ReadGuardAlarm(this, 'CustomerReadGuardAlarm', { metric: stateless.readGuard.metric, namePrefix });

    // What operations are told about, on one topic: function errors and throttles, each API's (staff, portal) 5xx, latency and 4xx spikes,
    // table throttling and errors, dead-lettered job runs, the exfiltration guard (lib/constructs/alarms.ts).
    this.alarms = new CrmAlarms(this, 'Alarms', {
      namePrefix,
      functions: stateless.everyFunction,
      api: stateless.api.api,
      portalApi: stateless.portalApi.api,
      table: stateful.table,
      deadLetterQueue: stateless.schedule.deadLetterQueue,
      extraAlarms: [this.readGuardAlarm.alarm],
      email: config.alarmEmail,
    });

    // The operations dashboard: API (per route from the access logs), functions, table, jobs (scheduled and event-driven), business events and
    // webhook outcomes (lib/constructs/dashboard.ts).
    this.dashboard = new CrmDashboard(this, 'Dashboard', {
      namePrefix,
      api: stateless.api.api,
      accessLogs: stateless.api.accessLogs,
      portalApi: { api: stateless.portalApi.api, accessLogs: stateless.portalApi.accessLogs },
      functions: stateless.everyFunction,
      apiLogGroups: [...stateless.functions.values()].map((fn) => fn.logGroup),
      jobs: new Map([...stateless.schedule.jobs].map(([name, job]) => [name, job.function] as const)),
      eventJobs: new Map([
        ['import', stateless.imports.job.function],
        ['export', stateless.exports.job.function],
        ['attachment check', stateless.attachments.check.function],
        ['domain events', stateless.domainEvents.publisher.function],
        ['webhook dispatch', stateless.webhooks.dispatcher.function],
      ]),
      table: stateful.table,
      deadLetterQueue: stateless.schedule.deadLetterQueue,
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'SNS topic of every alarm: subscribe the on-call tool here' });
    this.addStackDependency(stateless, 'its alarms and dashboard read the functions, API, logs and queue of the stateless stack');
  }
}
