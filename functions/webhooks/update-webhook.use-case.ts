import type { Caller, WebhookDependencies } from './webhook.dependencies';
import { checkUrl, webhookAtVersion } from './webhook.rules';
import { publicWebhook, type StoredWebhook, type UpdateWebhookInput, type Webhook } from './webhook.schema';

/**
 * Change a subscription: its URL, event types, description, or switch it on and off.
 *
 * Primary course: the subscription is read at the If-Match version; a new URL passes the SSRF guard; the changes are
 * merged (`description: null` removes it; `active: true` re-activates a disabled one and clears why it was disabled);
 * one conditional Put writes it with its audit entry, the version up by one.
 *
 * Alternates: missing → 404; stale If-Match → 412; a refused URL → 400 naming `body.url`; nothing written in each case.
 */
export const updateWebhook = async (
  deps: WebhookDependencies,
  request: { caller: Caller; webhookId: string; changes: UpdateWebhookInput; expectedVersion: number },
): Promise<Webhook> => {
  const { changes } = request;
  const current = await webhookAtVersion(deps, request.webhookId, request.expectedVersion);
  if (changes.url !== undefined) checkUrl(changes.url, deps.urlPolicy);
  const at = deps.clock.now().toISOString();
  const { description: _description, disabledAt: _disabledAt, disabledReason: _disabledReason, ...rest } = current;
  const next: StoredWebhook = {
    ...rest,
    ...(changes.description === null || (changes.description === undefined && current.description === undefined)
      ? {}
      : { description: changes.description ?? current.description! }),
    ...(changes.active === true || !current.disabledAt ? {} : { disabledAt: current.disabledAt, disabledReason: current.disabledReason! }),
    ...(changes.url !== undefined ? { url: changes.url } : {}),
    ...(changes.eventTypes !== undefined ? { eventTypes: [...new Set(changes.eventTypes)] } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: request.caller.username,
  };
  await deps.webhooks.save(current, next, { action: 'update' });
  return publicWebhook(next);
};
