import type { DomainEvent } from './domain-event';

/**
 * Business metrics (issue 22, part 4): counted from the domain events in ONE place, the stream consumer
 * (functions/events/), which sees every committed change — no per-feature code and no cost on the API functions.
 * Emitted as CloudWatch embedded metric format (Powertools Metrics) in namespace `CRM` with the dimension
 * `service = crm-domain-events`; the dashboard (lib/constructs/dashboard.ts) reads them. No AWS import.
 */
export const BUSINESS_METRICS_NAMESPACE = 'CRM';
export const BUSINESS_METRICS_SERVICE = 'crm-domain-events';

export interface BusinessMetricDefinition {
  readonly name: string;
  readonly label: string;
  readonly unit: 'Count' | 'None';
}

export const BUSINESS_METRICS: readonly BusinessMetricDefinition[] = [
  { name: 'DomainEventsPublished', label: 'events published', unit: 'Count' },
  { name: 'OrdersPlaced', label: 'orders placed', unit: 'Count' },
  { name: 'ServicesOpened', label: 'services opened', unit: 'Count' },
  { name: 'ServicesArchived', label: 'services archived', unit: 'Count' },
  { name: 'LoginsLocked', label: 'logins locked', unit: 'Count' },
  /** The placed orders' totals in integer minor units, one series per currency (dimension `Currency`). */
  { name: 'OrderValuePlaced', label: 'order value placed (minor units)', unit: 'None' },
];

export type BusinessMetricName =
  | 'DomainEventsPublished'
  | 'OrdersPlaced'
  | 'ServicesOpened'
  | 'ServicesArchived'
  | 'LoginsLocked'
  | 'OrderValuePlaced'
  | 'WebhookDeliveries';

/** One data point: a count, or a value with its own dimension (an order's currency). */
export interface BusinessDataPoint {
  readonly name: BusinessMetricName;
  readonly value: number;
  readonly unit: 'Count' | 'None';
  readonly dimensions?: Readonly<Record<string, string>>;
}

const COUNTED: Readonly<Record<string, Exclude<BusinessMetricName, 'DomainEventsPublished' | 'OrderValuePlaced' | 'WebhookDeliveries'>>> = {
  'crm.order.placed': 'OrdersPlaced',
  'crm.service.created': 'ServicesOpened',
  'crm.service.archived': 'ServicesArchived',
  'crm.user.locked': 'LoginsLocked',
};

const isMoney = (value: unknown): value is { amount: number; currency: string } =>
  typeof value === 'object' && value !== null && typeof (value as { amount?: unknown }).amount === 'number' &&
  typeof (value as { currency?: unknown }).currency === 'string' && /^[A-Z]{3}$/.test((value as { currency: string }).currency);

/** The data points of one published event (every event counts once in `DomainEventsPublished`). */
export const businessDataPointsOf = (event: Pick<DomainEvent, 'type' | 'data'>): BusinessDataPoint[] => {
  const points: BusinessDataPoint[] = [{ name: 'DomainEventsPublished', value: 1, unit: 'Count' }];
  const counted = COUNTED[event.type];
  if (counted) points.push({ name: counted, value: 1, unit: 'Count' });
  if (event.type === 'crm.order.placed') {
    const total = event.data.changes.find((change) => change.field === 'total')?.new;
    if (isMoney(total)) points.push({ name: 'OrderValuePlaced', value: total.amount, unit: 'None', dimensions: { Currency: total.currency } });
  }
  return points;
};

/** Webhook delivery outcomes (metric `WebhookDeliveries`, dimension `Outcome`), from the dispatcher and the retry job. */
export const WEBHOOK_METRICS_SERVICE = 'crm-webhooks';
export type WebhookOutcome = 'delivered' | 'failed' | 'dead-lettered';

export interface WebhookOutcomeCounts {
  /** Attempts answered 2xx. */
  readonly delivered: number;
  /** Attempts that failed and were scheduled again. */
  readonly failed: number;
  /** Deliveries given up (24 hours of failures, or their subscription inactive or gone). */
  readonly deadLettered: number;
}

export const webhookOutcomePoints = (counts: WebhookOutcomeCounts): BusinessDataPoint[] =>
  (
    [
      ['delivered', counts.delivered],
      ['failed', counts.failed],
      ['dead-lettered', counts.deadLettered],
    ] as const
  )
    .filter(([, value]) => value > 0)
    .map(([outcome, value]) => ({ name: 'WebhookDeliveries', value, unit: 'Count', dimensions: { Outcome: outcome } }));
