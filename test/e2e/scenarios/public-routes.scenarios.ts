import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { clickTokens } from '#shared/campaigns/click-token';
import { unsubscribeTokens } from '#shared/campaigns/unsubscribe-token';
import { loadConfig } from '#shared/core/config';
import type { PublicOperationId } from '#shared/routes';
import type { ApiResponse, api } from '#test/support/e2e';
import { arrangeCampaign, arrangeLaunch, uniqueTag } from './campaigns.scenarios';
import { arrangeCustomer, uniqueName } from './route-scenario';

type Client = ReturnType<typeof api>;

/** One tracked link (index 0): the click route leads to exactly this URL, `&amp;` decoded. */
export const TRACKED_URL = 'https://shop.example.com/spring?x=1&y=2';
const TRACKED_EMAIL = {
  subject: 'E2E public routes {{ customer.name }}',
  html: '<p>{{ contact.name }}</p><a href="https://shop.example.com/spring?x=1&amp;y=2">Shop</a>',
  text: '{{ contact.name }}',
};

/** A hostile token the route must answer with `status` (and the reason, for the assertion's message). */
export interface NamedToken {
  readonly label: string;
  readonly token: string;
  readonly status: number;
}

/**
 * A public route's fixture (shared/routes.ts, PUBLIC_ROUTES): a launched campaign with one member, the member's valid
 * token for the route, hostile tokens with their exact answers, and the checks of what a request wrote.
 */
export interface PublicArrangedRequest {
  readonly method: 'GET' | 'POST';
  /** `/c/<token>` or `/u/<token>`. */
  readonly pathOf: (token: string) => string;
  /** The member's real token for this route. */
  readonly token: string;
  readonly named: readonly NamedToken[];
  readonly successStatus: number;
  /** What a valid token's answer holds (the redirect's target, the page). */
  assertSuccess(response: ApiResponse): void;
  /** The member, its contact and the campaign's effect exactly as arranged. */
  assertUnchanged(): Promise<void>;
  /** After `successes` valid requests answered: what they wrote, and that nothing was counted twice. */
  assertAfterValid(successes: number): Promise<void>;
}

export interface PublicRouteScenario {
  arrange(client: Client): Promise<PublicArrangedRequest>;
}

interface Member {
  readonly campaignId: string;
  readonly customerId: string;
  readonly contactId: string;
  /** A second campaign (never launched, its own audience): its tokens name no member of ours. */
  readonly otherCampaignId: string;
}

/** A launched campaign with one member (a contact of a customer of am1's, tagged for it alone). */
const arrangeMember = async (client: Client): Promise<Member> => {
  const tag = uniqueTag();
  const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
  const contact = await client.post<{ id: string }>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName('public'), email: `public-${randomUUID()}@example.com` }, { as: 'admin' });
  expect(contact.status, contact.text).toBe(201);
  const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, email: TRACKED_EMAIL });
  await arrangeLaunch(client, campaign.id, true);
  const other = await arrangeCampaign(client, { audience: { tags: [uniqueTag()] }, email: TRACKED_EMAIL });
  return { campaignId: campaign.id, customerId: customer.id, contactId: contact.json.id, otherCampaignId: other.id };
};

interface State {
  readonly contact: { version: number; marketingConsent?: string };
  readonly member: { status: string; clicks?: number };
  readonly effect: { clicked: number; clicks: number; unsubscribed: number };
}

const stateOf = async (client: Client, member: Member): Promise<State> => {
  const contact = await client.get<State['contact']>(`/v1/customers/${member.customerId}/contacts/${member.contactId}`, { as: 'admin' });
  const members = await client.get<{ items: (State['member'] & { contactId: string })[] }>(`/v1/campaigns/${member.campaignId}/members`, { as: 'sales' });
  const effect = await client.get<State['effect']>(`/v1/campaigns/${member.campaignId}/effect`, { as: 'sales' });
  for (const answer of [contact, members, effect]) expect(answer.status, answer.text).toBe(200);
  const own = members.json.items.find((item) => item.contactId === member.contactId);
  expect(own, 'the launch materialised the member').toBeDefined();
  return {
    contact: { version: contact.json.version, ...(contact.json.marketingConsent ? { marketingConsent: contact.json.marketingConsent } : {}) },
    member: { status: own!.status, ...(own!.clicks ? { clicks: own!.clicks } : {}) },
    effect: { clicked: effect.json.clicked, clicks: effect.json.clicks, unsubscribed: effect.json.unsubscribed },
  };
};

const flip = (text: string): string => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
const ULID_OF_NOBODY = () => `01J${randomUUID().replaceAll('-', '').toUpperCase().replace(/[ILOU]/g, '0').slice(0, 23)}`;

/** Hostile tokens every public route refuses (as a token of the route's own kind `real`, and the other kind's). */
const forgedFrom = (real: string, otherKind: string, member: Member): NamedToken[] => {
  const parts = real.split('.');
  const mac = parts.at(-1)!;
  return [
    { label: 'tampered mac', token: `${parts.slice(0, -1).join('.')}.${flip(mac)}`, status: 400 },
    { label: 'tampered contact id', token: real.replace(member.contactId, flip(member.contactId)), status: 400 },
    { label: 'truncated', token: real.slice(0, -1), status: 400 },
    { label: 'cut before the mac', token: parts.slice(0, -1).join('.'), status: 400 },
    { label: "this mac on the other campaign's id", token: real.replace(member.campaignId, member.otherCampaignId), status: 400 },
    { label: 'oversized (a real token padded)', token: `${real}${'A'.repeat(4_000)}`, status: 400 },
    { label: "a token of the other route's kind", token: otherKind, status: 400 },
    // No token at all is a path no route has: the gateway's 404.
    { label: 'empty', token: '', status: 404 },
  ];
};

export const PUBLIC_ROUTE_SCENARIOS: Record<PublicOperationId, PublicRouteScenario> = {
  followCampaignLink: {
    async arrange(client) {
      const member = await arrangeMember(client);
      const { CURSOR_SIGNING_KEY } = loadConfig();
      const clicks = clickTokens(CURSOR_SIGNING_KEY);
      const ids = { campaignId: member.campaignId, customerId: member.customerId, contactId: member.contactId };
      const token = clicks.sign({ ...ids, link: 0 });
      const before = await stateOf(client, member);
      return {
        method: 'GET',
        pathOf: (value) => `/c/${value}`,
        token,
        named: [
          ...forgedFrom(token, unsubscribeTokens(CURSOR_SIGNING_KEY).sign(ids), member),
          { label: "signed for the other campaign (no member there)", token: clicks.sign({ ...ids, campaignId: member.otherCampaignId, link: 0 }), status: 404 },
          { label: 'signed for no member', token: clicks.sign({ ...ids, contactId: ULID_OF_NOBODY(), link: 0 }), status: 404 },
          { label: 'signed for a link the template does not have', token: clicks.sign({ ...ids, link: 1 }), status: 404 },
        ],
        successStatus: 302,
        assertSuccess: (response) => expect(response.headers.get('location')).toBe(TRACKED_URL),
        assertUnchanged: async () => expect(await stateOf(client, member)).toEqual(before),
        assertAfterValid: async (successes) => {
          // Every click counts, once: the member's and the campaign's clicks are exactly the redirects answered.
          const after = await stateOf(client, member);
          expect(after.member).toEqual({ status: 'clicked', clicks: successes });
          expect(after.effect).toEqual({ clicked: 1, clicks: successes, unsubscribed: 0 });
          expect(after.contact).toEqual(before.contact);
        },
      };
    },
  },
  showCampaignUnsubscribe: {
    async arrange(client) {
      const member = await arrangeMember(client);
      const { CURSOR_SIGNING_KEY } = loadConfig();
      const unsubscribes = unsubscribeTokens(CURSOR_SIGNING_KEY);
      const ids = { campaignId: member.campaignId, customerId: member.customerId, contactId: member.contactId };
      const token = unsubscribes.sign(ids);
      const before = await stateOf(client, member);
      return {
        method: 'GET',
        pathOf: (value) => `/u/${value}`,
        token,
        named: [
          ...forgedFrom(token, clickTokens(CURSOR_SIGNING_KEY).sign({ ...ids, link: 0 }), member),
          // The page checks the signature only, reading nothing (the POST finds the member): a signed token of no member
          // gets the page, and its button then a 404 (unsubscribeCampaignMail's scenario).
          { label: 'signed for no member (the page reads nothing)', token: unsubscribes.sign({ ...ids, contactId: ULID_OF_NOBODY() }), status: 200 },
        ],
        successStatus: 200,
        assertSuccess: (response) => {
          expect(response.headers.get('content-type')).toContain('text/html');
          expect(response.text).toContain('<form method="post">');
        },
        assertUnchanged: async () => expect(await stateOf(client, member)).toEqual(before),
        // A GET never unsubscribes (mail scanners follow links): after every valid GET, still nothing written.
        assertAfterValid: async () => expect(await stateOf(client, member)).toEqual(before),
      };
    },
  },
  unsubscribeCampaignMail: {
    async arrange(client) {
      const member = await arrangeMember(client);
      const { CURSOR_SIGNING_KEY } = loadConfig();
      const unsubscribes = unsubscribeTokens(CURSOR_SIGNING_KEY);
      const ids = { campaignId: member.campaignId, customerId: member.customerId, contactId: member.contactId };
      const token = unsubscribes.sign(ids);
      const before = await stateOf(client, member);
      return {
        method: 'POST',
        pathOf: (value) => `/u/${value}`,
        token,
        named: [
          ...forgedFrom(token, clickTokens(CURSOR_SIGNING_KEY).sign({ ...ids, link: 0 }), member),
          { label: "signed for the other campaign (no member there)", token: unsubscribes.sign({ ...ids, campaignId: member.otherCampaignId }), status: 404 },
          { label: 'signed for no member', token: unsubscribes.sign({ ...ids, contactId: ULID_OF_NOBODY() }), status: 404 },
          { label: "signed for the member's contact under another customer", token: unsubscribes.sign({ ...ids, customerId: ULID_OF_NOBODY() }), status: 404 },
        ],
        successStatus: 200,
        assertSuccess: (response) => {
          expect(response.headers.get('content-type')).toContain('text/html');
          expect(response.text).toContain('Unsubscribed');
        },
        assertUnchanged: async () => expect(await stateOf(client, member)).toEqual(before),
        assertAfterValid: async () => {
          // However many posts: unsubscribed once — one consent change (version + 1), one count.
          const after = await stateOf(client, member);
          expect(after.member.status).toBe('unsubscribed');
          expect(after.contact).toEqual({ version: before.contact.version + 1, marketingConsent: 'opted-out' });
          expect(after.effect).toEqual({ ...before.effect, unsubscribed: before.effect.unsubscribed + 1 });
        },
      };
    },
  },
};
