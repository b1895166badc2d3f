import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUS_EVENT_SOURCE } from '#shared/events/domain-event';
import { STREAM_FILTER_PATTERN } from '#shared/events/stream-records';
import { CrmFunction, PROJECT_ROOT } from './crm-function';

export interface CrmDomainEventsProps {
  readonly table: ITableV2;
  readonly namePrefix: string;
  /** Where stream records that failed every retry are described (the scheduled jobs' dead-letter queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * Domain events (issue 22): the custom EventBridge bus, and the stream consumer that publishes one CloudEvent per
 * committed business change to it (functions/events/publish-domain-events.handler.ts).
 *
 * The event source mapping delivers only audit entries' INSERTs (a filter: the business items' own records never
 * invoke the function), in batches of up to 100; a record whose event the bus refused is reported by sequence
 * number (partial batch failure), the batch is bisected on error and retried up to 5 times within 24 hours, then the
 * failed range is described in the dead-letter queue. The same consumer records the change feed (issue 22, part 3):
 * per change, one GetItem of the customer's owner and one transaction of Puts (functions/events/record-change.use-case.ts),
 * so beside the stream read actions and PutEvents on this one bus it gets exactly GetItem and PutItem on the table.
 * An archive of the bus keeps 30 days of events for an EventBridge replay from a point in time.
 */
export class CrmDomainEvents extends Construct {
  readonly bus: EventBus;
  readonly publisher: CrmFunction;
  readonly archive: Archive;

  constructor(scope: Construct, id: string, props: CrmDomainEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `${props.namePrefix}-domain-events`,
      description: 'CRM domain events: one CloudEvent per committed business change (crm.<entity>.<verb>)',
    });
    this.archive = this.bus.archive('Archive', {
      archiveName: `${props.namePrefix}-domain-events`,
      description: 'The last 30 days of CRM domain events, for a replay from a point in time',
      eventPattern: { source: [BUS_EVENT_SOURCE] },
      retention: Duration.days(30),
    });

    const publisher = new CrmFunction(this, 'job-domain-events', {
      name: 'domain-events',
      entry: `${PROJECT_ROOT}functions/events/publish-domain-events.handler.ts`,
      description: 'CRM domain events: publishes each committed business change of the table stream to the bus',
      table: props.table,
      // 100 records, 10 PutEvents calls at most.
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    publisher.bindPutEvents(this.bus.eventBusArn);
    // The change feed (GET /v1/changes): the customer's owner (GetItem) and one transaction of Puts per change
    // (the marker and its copies; TransactWriteItems is authorized item by item). No Query, Update or Delete.
    publisher.bindTableActions(props.table, { tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] });
    publisher.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(props.deadLetterQueue),
        filters: [FilterCriteria.filter(STREAM_FILTER_PATTERN as unknown as Record<string, unknown>)],
      }),
    );
    this.publisher = publisher;
  }
}
