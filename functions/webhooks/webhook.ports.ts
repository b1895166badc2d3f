import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Delivery } from './delivery.entity';
import type { WebhookHealth } from './webhook.entity';
import type { DeliveryStatus, StoredWebhook, Webhook } from './webhook.schema';

/** The domain side of the webhooks feature: what the use cases need from storage, free of AWS types. */

export type { IdempotencyClaim, Delivery, WebhookHealth };

/** The create's answer (also what an idempotent replay answers): the subscription and its secret, once. */
export type WebhookWithSecret = Webhook & { secret: string };
export type CreateWebhookOutcome = { kind: 'created' | 'replayed'; answer: WebhookWithSecret };

export type PageKey = Record<string, string | number>;
export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

export interface WebhookChange {
  readonly action: 'update' | 'transition';
  readonly note?: string;
}

export interface WebhookRepository {
  /** The subscription, its audit entry (secrets left out) and the idempotency record in one transaction. */
  create(webhook: StoredWebhook, answer: WebhookWithSecret, idempotency?: IdempotencyClaim): Promise<CreateWebhookOutcome>;
  get(webhookId: string): Promise<StoredWebhook | undefined>;
  /** Replaces it if still at `previous.version` (else VersionConflict), with its audit entry. */
  save(previous: StoredWebhook, next: StoredWebhook, change: WebhookChange): Promise<void>;
  /** Deletes it if still at `previous.version`, with its audit entry (its deliveries expire with the log). */
  remove(previous: StoredWebhook, actor: string, at: string): Promise<void>;
  list(page: { limit: number; startKey?: PageKey }): Promise<Page<StoredWebhook>>;
  /** Every subscription (one Query of gsi1; the dispatcher caches it briefly). */
  all(): Promise<StoredWebhook[]>;
  /** The audit entry of an action on the subscription's deliveries (a redelivery, a replay): one conditional Put. */
  recordAction(webhook: StoredWebhook, action: 'redeliver' | 'replay', actor: string, at: string, note: string): Promise<void>;
  health(webhookId: string): Promise<WebhookHealth | undefined>;
  recordOutcome(webhookId: string, outcome: { lastSuccessAt?: string; lastFailureAt?: string }): Promise<void>;
}

export interface DeliveryRepository {
  /** Writes the delivery unless this event was already delivered to this subscription: false then. */
  createIfAbsent(delivery: Delivery): Promise<boolean>;
  get(webhookId: string, eventId: string): Promise<Delivery | undefined>;
  /** Replaces the delivery if it is still at `expected` attempts and status (no other run took it): false else. */
  replace(next: Delivery, expected: { attempts: number; status: DeliveryStatus }): Promise<boolean>;
  /** A subscription's log, newest event first. */
  log(webhookId: string, filter: { status?: DeliveryStatus | undefined }, page: { limit: number; startKey?: PageKey }): Promise<Page<Delivery>>;
  /** Deliveries of events at or after `since`, oldest first, at most `limit`. */
  since(webhookId: string, since: string, limit: number): Promise<Delivery[]>;
  /** The pending deliveries of a minute bucket due at or before `upTo`. */
  due(bucket: string, upTo: string): Promise<Delivery[]>;
  checkpoint(): Promise<string | undefined>;
  advanceCheckpoint(bucket: string): Promise<void>;
}
