import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fieldsOf } from '#shared/db/entity';
import { pickFields } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { portalUserEntity } from './portal-user.entity';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import type { PortalCompany } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

/**
 * The reads of a portal session (docs/data-model.md, "Portal users"): the portal user by their `sub` and their company
 * (active? archived?), consistently, in as few requests as possible.
 *
 * A portal user's customer never changes (no route re-points a PortalUser), so this process remembers it once it has
 * read the user: from then on the user and the company — and a route's own record (an order) — are ONE consistent
 * BatchGetItem. The first request of a user in a process reads the user first, then the company. The hint only picks a
 * key to read: what decides is always the user record read in the same request, and a hint that does not match it is
 * never used.
 */
const COMPANY_FIELDS = fieldsOf<PortalCompany>()('id', 'name', 'ownerId', 'phone', 'email', 'address', 'deletedAt');
const HINTS_KEPT = 10_000;
const customerOfUser = new Map<string, string>();

export const companyOf = (item: Record<string, unknown> | undefined): PortalCompany | undefined =>
  item && typeof item['id'] === 'string' ? pickFields<PortalCompany>(item, COMPANY_FIELDS) : undefined;

const remember = (user: PortalUser): void => {
  if (customerOfUser.size >= HINTS_KEPT) customerOfUser.clear();
  customerOfUser.set(user.id, user.customerId);
};

/** A BatchGetItem of a few keys may leave some unprocessed (throttling): read them again, a few times, then give up. */
const BATCH_ATTEMPTS = 4;

type Key = { pk: string; sk: string };

const batchGet = async (client: DynamoDBDocumentClient, tableName: string, wanted: readonly Key[]): Promise<Record<string, unknown>[]> => {
  let keys: Record<string, unknown>[] = [...wanted];
  const found: Record<string, unknown>[] = [];
  for (let attempt = 0; keys.length > 0; attempt += 1) {
    if (attempt === BATCH_ATTEMPTS) throw new Error('portal session read: BatchGetItem left keys unprocessed after retries');
    const answer = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
    found.push(...(answer.Responses?.[tableName] ?? []));
    keys = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return found;
};

export const itemAt = (items: readonly Record<string, unknown>[], key: Key) => items.find((item) => item['pk'] === key.pk && item['sk'] === key.sk);

/**
 * The portal user (by `sub`), their company, and the items at `also` — in one consistent BatchGetItem when this process
 * knows the user's customer; otherwise that BatchGetItem without the company, then one for the company (only for an
 * active user: a refused one needs no company).
 */
export const readSession = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  portalUserId: string,
  also: readonly Key[] = [],
): Promise<{ user?: PortalUser; company?: PortalCompany; items: Record<string, unknown>[] }> => {
  const userKey = portalUserKeys.item(portalUserId);
  const hinted = customerOfUser.get(portalUserId);
  const companyKey = hinted ? customerKeys.item(hinted) : undefined;
  const items = await batchGet(client, tableName, [userKey, ...(companyKey ? [companyKey] : []), ...also]);
  const userItem = itemAt(items, userKey);
  if (!userItem) return { items };
  const user = portalUserEntity.fromItem(userItem);
  remember(user);
  if (user.status !== 'active') return { user, items };
  const company =
    companyKey && hinted === user.customerId
      ? companyOf(itemAt(items, companyKey))
      : companyOf((await batchGet(client, tableName, [customerKeys.item(user.customerId)]))[0]);
  return { user, ...(company ? { company } : {}), items };
};
