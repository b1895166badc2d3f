import type { Clock, IdGenerator } from '#shared/core/clock';
import type { UrlPolicy } from '#shared/webhooks/url-guard';
import type { WebhookSender } from '#shared/webhooks/webhook-sender';
import type { DeliveryRepository, WebhookRepository } from './webhook.ports';

/** What the webhooks use cases depend on; `webhook.container.ts` wires the real ones, tests the fakes. */
export interface WebhookDependencies {
  readonly webhooks: WebhookRepository;
  readonly deliveries: DeliveryRepository;
  readonly sender: WebhookSender;
  readonly urlPolicy: UrlPolicy;
  /** A new signing secret: `whsec_` + base64 of 32 random bytes. */
  readonly newSecret: () => string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
