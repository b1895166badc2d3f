import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { FEATURE_FUNCTIONS, type FeatureFunction } from '#shared/routes';
import type { CrmAppConfig } from './app-config';
import { CrmApi } from '#lib/constructs/api';
import { CrmFunction } from '#lib/constructs/crm-function';
import { CrmImports } from '#lib/constructs/imports';
import { CrmExports } from '#lib/constructs/exports';
import { CrmAttachments } from '#lib/constructs/attachments';
import { CrmDomainEvents } from '#lib/constructs/domain-events';
import { CrmWebhooks } from '#lib/constructs/webhooks';
import { ReadGuardMetricFilters } from '#lib/constructs/read-guard-alarm';
import { CrmMail } from '#lib/constructs/mail';
import { CrmSchedule } from '#lib/constructs/schedule';
import { PortalApi } from '#lib/constructs/portal-api';
import { FUNCTION_ACCESS, PORTAL_POOL_ACTIONS } from './function-access';
import type { CrmStatefulStack } from './stateful-stack';

export interface CrmStatelessStackProps extends StackProps {
  readonly namePrefix: string;
  readonly config: CrmAppConfig;
  /** The table, key, user pool and client this stack's functions and API use. */
  readonly stateful: CrmStatefulStack;
}

/**
 * Code: one function per feature, the jobs and what starts them (schedules, bucket and bus rules, the table stream),
 * the mail sender, the staff HTTP API and its stage (its routes: the api-routes stack), the customer portal's API.
 * Safe to destroy and redeploy at any time. Alarms and the dashboard: the operations stack (lib/operations-stack.ts).
 */
export class CrmStatelessStack extends Stack {
  readonly functions: ReadonlyMap<FeatureFunction, CrmFunction>;
  /** Every Lambda function of the stack (API functions, jobs, the publisher, the dispatcher) by a short name: what the operations stack watches. */
  readonly everyFunction: ReadonlyMap<string, IFunction>;
  /** The read guard's metric filters (its alarm: the operations stack). */
  readonly readGuard: ReadGuardMetricFilters;
  readonly api: CrmApi;
  readonly schedule: CrmSchedule;
  readonly mail: CrmMail;
  readonly imports: CrmImports;
  readonly exports: CrmExports;
  readonly attachments: CrmAttachments;
  readonly domainEvents: CrmDomainEvents;
  readonly webhooks: CrmWebhooks;
  readonly portalApi: PortalApi;

  constructor(scope: Construct, id: string, props: CrmStatelessStackProps) {
    super(scope, id, props);
    const { stateful, config } = props;

    const functions = new Map<FeatureFunction, CrmFunction>();
    for (const name of FEATURE_FUNCTIONS) {
      const access = FUNCTION_ACCESS[name];
      const fn = new CrmFunction(this, `fn-${name}`, {
        name,
        table: stateful.table,
        userPool: stateful.userPool,
        cursorSigningKey: stateful.cursorSigningKey,
        memorySize: access.memorySize,
      });
      fn.bindTable(stateful.table, { access: access.table });
      fn.bindUserPool(stateful.userPool, access.userPoolActions);
      functions.set(name, fn);
    }
    this.functions = functions;

    // The data-exfiltration guard counts customer reads in the customers function and the audit routes of the admin
    // function, and logs its alarm line where it trips: metric filters on those log groups (the alarm: operations stack).
    // (Construct id kept from when the alarm lived here too: the filters' logical ids, and so the filters, stay.)
    this.readGuard = new ReadGuardMetricFilters(this, 'CustomerReadGuardAlarm', {
      logGroups: [functions.get('customers')!.logGroup, functions.get('admin')!.logGroup],
    });

    // The staff API and its stage; its routes are the api-routes stack's (lib/api-routes-stack.ts).
    this.api = new CrmApi(this, 'Api', {
      namePrefix: props.namePrefix,
      allowedOrigins: config.allowedOrigins,
      throttle: config.throttle,
    });

    // The customer portal (issue 21): the portal function invites and disables users of the PORTAL pool, and serves
    // /portal/v1 on an API of its own behind that pool's authorizer, throttled per route (lib/constructs/portal-api.ts).
    const portal = functions.get('portal')!;
    portal.bindUserPool(stateful.portalUserPool, PORTAL_POOL_ACTIONS);
    portal.addEnvironment('PORTAL_USER_POOL_ID', stateful.portalUserPool.userPoolId);
    this.portalApi = new PortalApi(this, 'PortalApi', {
      namePrefix: props.namePrefix,
      userPool: stateful.portalUserPool,
      client: stateful.portalUserPoolClient,
      handler: portal.function,
      allowedOrigins: config.allowedOrigins,
      throttle: config.portalThrottle,
    });

    // Scheduled jobs (docs/architecture.md): churn detection and report snapshots — CrmFunctions triggered by EventBridge
    // Scheduler, with retries and a dead-letter queue (lib/constructs/schedule.ts, SCHEDULED_JOBS).
    // Reminder mail (and later campaigns, dunning letters): a verified sender and a configuration set (lib/constructs/mail.ts).
    this.mail = new CrmMail(this, 'Mail', { namePrefix: props.namePrefix, from: config.mailFrom, maxPerSecond: config.mailMaxPerSecond });
    // Dunning letters are sent from the API (functions/dunning/send-dunning-letter.use-case.ts): SendEmail on exactly the
    // sender identity and configuration set, as the reminder job.
    const dunning = functions.get('dunning')!;
    dunning.bindMail(this.mail);
    dunning.addEnvironment('MAIL_FROM', this.mail.from);
    dunning.addEnvironment('SES_CONFIGURATION_SET', this.mail.configurationSetName);
    this.schedule = new CrmSchedule(this, 'Schedule', {
      namePrefix: props.namePrefix,
      table: stateful.table,
      userPool: stateful.userPool,
      mail: this.mail,
    });

    // Imports: the job started by the files bucket's object-created events (lib/constructs/imports.ts).
    this.imports = new CrmImports(this, 'Imports', {
      table: stateful.table,
      userPool: stateful.userPool,
      namePrefix: props.namePrefix,
      api: functions.get('imports')!,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });
    // A customer merge that outlasts its request goes on as steps the customers function runs by invoking itself
    // asynchronously (functions/customers/merge/merge-job.trigger.ts); a step that fails every retry is dead-lettered.
    const customers = functions.get('customers')!;
    customers.allowSelfInvoke();
    customers.retryAsyncInvocations(this.schedule.deadLetterQueue);
    // A campaign's launch materialises its members, then sends an e-mail campaign's mail, in steps the campaigns
    // function runs by invoking itself asynchronously (functions/campaigns/campaign-launch.trigger.ts); a step that
    // fails every retry is dead-lettered. Its mail goes through SES as the reminders' (lib/constructs/mail.ts), at the
    // account's rate; the unsubscribe links point at this API's public route (PUBLIC_ROUTES).
    const campaigns = functions.get('campaigns')!;
    campaigns.allowSelfInvoke();
    campaigns.retryAsyncInvocations(this.schedule.deadLetterQueue);
    campaigns.bindMail(this.mail);
    campaigns.addEnvironment('MAIL_FROM', this.mail.from);
    campaigns.addEnvironment('SES_CONFIGURATION_SET', this.mail.configurationSetName);
    campaigns.addEnvironment('CAMPAIGN_MAX_MAILS_PER_SECOND', String(this.mail.maxPerSecond));
    campaigns.addEnvironment('PUBLIC_API_URL', this.api.api.apiEndpoint);
    // SES's bounce and complaint events (the mail configuration set's SNS topic) set the contact's consent.
    this.mail.events.addSubscription(new LambdaSubscription(campaigns.function));
    // Exports: the job the exports function starts (lib/constructs/exports.ts).
    this.exports = new CrmExports(this, 'Exports', {
      table: stateful.table,
      userPool: stateful.userPool,
      namePrefix: props.namePrefix,
      api: functions.get('exports')!,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });

    // Attachments: the check started by the files bucket's object-created events (lib/constructs/attachments.ts).
    this.attachments = new CrmAttachments(this, 'Attachments', {
      table: stateful.table,
      userPool: stateful.userPool,
      namePrefix: props.namePrefix,
      api: functions.get('attachments')!,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });

    // Domain events: the table stream's business changes, one CloudEvent each, on a custom bus (lib/constructs/domain-events.ts).
    this.domainEvents = new CrmDomainEvents(this, 'DomainEvents', {
      table: stateful.table,
      namePrefix: props.namePrefix,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });

    // Webhooks: the bus rule → the dispatcher (lib/constructs/webhooks.ts); retries are a scheduled job.
    this.webhooks = new CrmWebhooks(this, 'Webhooks', {
      table: stateful.table,
      bus: this.domainEvents.bus,
      namePrefix: props.namePrefix,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });

    // What the operations stack watches (lib/operations-stack.ts): every function, by a short name.
    this.everyFunction = new Map<string, IFunction>([
      ...[...functions].map(([name, fn]) => [name, fn.function] as const),
      ...[...this.schedule.jobs].map(([name, job]) => [`job-${name}`, job.function] as const),
      ['job-import', this.imports.job.function] as const,
      ['job-export', this.exports.job.function] as const,
      ['job-attachment-check', this.attachments.check.function] as const,
      ['job-domain-events', this.domainEvents.publisher.function] as const,
      ['job-webhook-dispatch', this.webhooks.dispatcher.function] as const,
    ]);

    // Everything a client needs to talk to this deployment, in one stack's outputs (the alarm topic: the operations stack's).
    const outputs: Record<string, { value: string; description: string }> = {
      ApiUrl: { value: this.api.url, description: 'Base URL of the CRM API (routes start with /v1)' },
      UserPoolId: { value: stateful.userPool.userPoolId, description: 'Cognito user pool of the CRM staff' },
      UserPoolClientId: { value: stateful.userPoolClient.userPoolClientId, description: 'App client id for InitiateAuth' },
      PortalApiUrl: { value: this.portalApi.url, description: 'Base URL of the customer portal API (routes start with /portal/v1)' },
      PortalUserPoolId: { value: stateful.portalUserPool.userPoolId, description: 'Cognito user pool of the customer portal users' },
      PortalUserPoolClientId: { value: stateful.portalUserPoolClient.userPoolClientId, description: 'Portal app client id for InitiateAuth' },
      TableName: { value: stateful.table.tableName, description: 'The single DynamoDB table' },
      Region: { value: this.region, description: 'AWS region of this deployment' },
      EventBusName: { value: this.domainEvents.bus.eventBusName, description: 'EventBridge bus of the CRM domain events (CloudEvents 1.0 in detail)' },
    };
    for (const [id, output] of Object.entries(outputs)) new CfnOutput(this, id, output);
  }
}
