import { minuteBucketOf } from '#shared/webhooks/webhook.keys';
import type { Delivery } from './delivery.entity';
import type { WebhookDependencies } from './webhook.dependencies';
import { claimOf, sendClaimed } from './webhook.rules';
import type { StoredWebhook } from './webhook.schema';

/** Buckets read when the job has never run (or its checkpoint is gone): the last 15 minutes. */
const FIRST_RUN_LOOKBACK_MS = 15 * 60_000;
/** At most a day and a bit of minute buckets per run (after a long outage). */
const MAX_BUCKETS = 1_500;
/** Deliveries sent at the same time. */
const PARALLEL = 8;

export interface RetryOutcome {
  readonly buckets: number;
  readonly attempted: number;
  readonly delivered: number;
  readonly deadLettered: number;
}

const bucketsBetween = (from: string, to: string): string[] => {
  const buckets: string[] = [];
  for (let at = Date.parse(`${from}:00.000Z`); buckets.length < MAX_BUCKETS; at += 60_000) {
    const bucket = minuteBucketOf(new Date(at));
    if (bucket > to) break;
    buckets.push(bucket);
  }
  return buckets;
};

/**
 * The webhook retry job (every minute; `npm run job:webhooks` locally): sends the deliveries that are due again.
 *
 * Primary course:
 * 1. The minute buckets from the checkpoint (the last bucket covered) to now are read — one Query each on gsi3, so the
 *    cost follows the deliveries due, not the deliveries kept.
 * 2. Each due delivery is claimed (a conditional Put on its attempts and status: a delivery another run or a manual
 *    redelivery took is skipped) and sent, up to 8 at a time; its outcome is recorded (delivered, next attempt, or
 *    dead-lettered after 24 hours, which may disable the subscription — webhook.rules.ts, `sendClaimed`).
 * 3. The checkpoint moves to the bucket covered (the current minute's stays, for what falls due later in it).
 *
 * Alternates: a delivery whose subscription was deleted or is inactive is dead-lettered without being sent.
 */
export const retryDueDeliveries = async (deps: WebhookDependencies): Promise<RetryOutcome> => {
  const now = deps.clock.now();
  const upTo = now.toISOString();
  const from = (await deps.deliveries.checkpoint()) ?? minuteBucketOf(new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS));
  const buckets = bucketsBetween(from, minuteBucketOf(now));
  const webhooks = new Map<string, Promise<StoredWebhook | undefined>>();
  const webhookOf = (id: string) => {
    if (!webhooks.has(id)) webhooks.set(id, deps.webhooks.get(id));
    return webhooks.get(id)!;
  };
  let attempted = 0;
  let delivered = 0;
  let deadLettered = 0;

  const retry = async (delivery: Delivery): Promise<void> => {
    const webhook = await webhookOf(delivery.webhookId);
    if (!webhook?.active) {
      const { nextAttemptAt: _next, ...rest } = delivery;
      const error = webhook ? 'not sent: the subscription is inactive' : 'not sent: the subscription was deleted';
      if (await deps.deliveries.replace({ ...rest, status: 'failed', error }, { attempts: delivery.attempts, status: 'pending' })) deadLettered += 1;
      return;
    }
    const claimed = claimOf(delivery, deps.clock.now());
    if (!(await deps.deliveries.replace(claimed, { attempts: delivery.attempts, status: 'pending' }))) return;
    attempted += 1;
    const outcome = await sendClaimed(deps, webhook, claimed);
    if (outcome.status === 'delivered') delivered += 1;
    if (outcome.status === 'failed') deadLettered += 1;
  };

  for (const bucket of buckets) {
    const due = (await deps.deliveries.due(bucket, upTo)).filter((delivery) => delivery.status === 'pending');
    for (let start = 0; start < due.length; start += PARALLEL) {
      await Promise.all(due.slice(start, start + PARALLEL).map(retry));
    }
    await deps.deliveries.advanceCheckpoint(bucket);
  }
  return { buckets: buckets.length, attempted, delivered, deadLettered };
};
