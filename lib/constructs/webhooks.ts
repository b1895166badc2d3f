import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUS_EVENT_SOURCE } from '#shared/events/domain-event';
import { CrmFunction, PROJECT_ROOT } from './crm-function';

export interface CrmWebhooksProps {
  readonly table: ITableV2;
  readonly bus: IEventBus;
  readonly namePrefix: string;
  /** Where an event the dispatcher failed on every retry is described (the scheduled jobs' dead-letter queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * Webhooks (issue 22): the rule on the domain events' bus (`source = crm.domain`) and the dispatcher it invokes
 * (functions/webhooks/dispatch-webhooks.handler.ts). The dispatcher reads the subscriptions (gsi1) and writes and
 * records deliveries; EventBridge retries a failed invocation (2 retries, up to 2 hours) and then describes the event
 * in the dead-letter queue — the deliveries already made are keyed by the event id, never sent twice. The retry job
 * is a scheduled job (lib/constructs/schedule.ts, `webhook-retries`); the routes are the `webhooks` feature function.
 */
export class CrmWebhooks extends Construct {
  readonly dispatcher: CrmFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: CrmWebhooksProps) {
    super(scope, id);
    this.dispatcher = new CrmFunction(this, 'job-webhook-dispatch', {
      name: 'webhook-dispatch',
      entry: `${PROJECT_ROOT}functions/webhooks/dispatch-webhooks.handler.ts`,
      description: 'CRM webhooks: delivers each domain event to the subscriptions that match it (Standard Webhooks)',
      table: props.table,
      // Deliveries to several subscriptions in parallel, each bounded by 5 s.
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    // Query the subscriptions (gsi1); the delivery Put (conditional) and its outcome (PutItem), the health
    // (UpdateItem), reads of the health and a subscription (GetItem); disabling is a transaction of two Puts.
    this.dispatcher.bindTableActions(props.table, {
      tableActions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      indexes: ['gsi1'],
    });
    this.rule = new Rule(this, 'Rule', {
      ruleName: `${props.namePrefix}-webhooks`,
      description: 'Every CRM domain event to the webhook dispatcher',
      eventBus: props.bus,
      eventPattern: { source: [BUS_EVENT_SOURCE] },
      targets: [
        new LambdaFunction(this.dispatcher.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: props.deadLetterQueue,
        }),
      ],
    });
  }
}
