import { PUBLIC_ROUTES, type PublicOperationId, type PublicRouteDefinition } from '#shared/routes';

/**
 * The public routes (shared/routes.ts, PUBLIC_ROUTES: a campaign mail's unsubscribe page, its one-click unsubscribe and
 * its tracked links) in the OpenAPI document. They take no token — the signed token in the path is the credential
 * (shared/campaigns/unsubscribe-token.ts, click-token.ts) — and answer HTML or a redirect, not JSON, so they have no
 * zod contract; what they answer is written here, once per operation (a new public route without an entry does not
 * compile). Their refusals are the API's problems: a token that is not one of ours (tampered, cut, forged) → 400, a
 * signed token of no member or no link → 404, nothing written. The e2e client checks every answer against these
 * (test/e2e/fuzz.e2e.test.ts fuzzes them).
 */
type Json = Record<string, unknown>;

const header = (description: string, required = false): Json => ({ description, required, schema: { type: 'string' } });

/** The pages a person sees (functions/campaigns/campaign-unsubscribe.page.ts): HTML that loads and runs nothing. */
const page = (description: string): Json => ({
  description,
  headers: {
    'Cache-Control': header('`no-store`'),
    'Content-Security-Policy': header("`default-src 'none'; form-action 'self'; frame-ancestors 'none'`"),
    'X-Correlation-Id': header('The correlation id of the request'),
  },
  content: { 'text/html': { schema: { type: 'string' } } },
});

interface PublicOperation {
  readonly description: string;
  readonly success: Record<string, Json>;
  /** Problem statuses beyond 400, 404, 500 and 503 (which every public route answers). */
  readonly problems?: readonly number[];
  readonly requestBody?: Json;
}

const PUBLIC_OPERATIONS: Record<PublicOperationId, PublicOperation> = {
  showCampaignUnsubscribe: {
    description: 'Public (no token): the unsubscribe link of a campaign mail. The token is checked, then a page with one button that posts to the same URL; a GET reads and writes nothing (mail scanners follow links).',
    success: { 200: page('The confirm page (a form that posts `List-Unsubscribe=One-Click` to this URL)') },
  },
  unsubscribeCampaignMail: {
    description:
      "Public (no token): RFC 8058 one-click unsubscribe, the target of the mail's `List-Unsubscribe` header and of the confirm page's form. The body is not read. The contact's marketing consent becomes `opted-out` and the member `unsubscribed` in one transaction with the contact's audit entry; done before → 200 and nothing written.",
    success: { 200: page('Unsubscribed (now or before)') },
    // 409: the member or contact changed meanwhile, three times (ConcurrentChange, Retry-After); 413: the gateway's body limit.
    problems: [409, 413],
    requestBody: {
      required: false,
      content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', const: 'One-Click' } } } } },
    },
  },
  followCampaignLink: {
    description:
      "Public (no token): a tracked link of a campaign mail. The click is counted on the member and the campaign's effect, then 302 to the URL the campaign's stored template holds for the link's index — never a URL from the request (no open redirect).",
    success: {
      302: {
        description: "To the link's URL in the campaign's template",
        headers: {
          Location: header("The template's URL of the link", true),
          'Cache-Control': header('`no-store`'),
          'Referrer-Policy': header('`no-referrer`'),
          'X-Correlation-Id': header('The correlation id of the request'),
        },
      },
    },
    // 409: the member changed meanwhile, three times (ConcurrentChange, Retry-After).
    problems: [409],
  },
};

/** The problem statuses of a public route: never 401 or 403 (no authorizer), always 400 and 404. */
export const publicProblemStatusesOf = (operationId: PublicOperationId): number[] =>
  [...new Set([400, 404, 500, 503, ...(PUBLIC_OPERATIONS[operationId].problems ?? [])])].sort((a, b) => a - b);

/** Each public route's OpenAPI operation, `security: []`; `problemRef` names a status's response in components.responses. */
export const publicOperations = (problemRef: (status: number) => Json): { route: PublicRouteDefinition; operation: Json }[] =>
  (PUBLIC_ROUTES as readonly PublicRouteDefinition[]).map((route) => {
    const operationId = route.operationId as PublicOperationId;
    const spec = PUBLIC_OPERATIONS[operationId];
    return {
      route,
      operation: {
        operationId,
        summary: route.summary,
        tags: [route.fn],
        description: `${spec.description} Served by the \`crm-${route.fn}\` function.`,
        security: [],
        parameters: [
          {
            name: 'token',
            in: 'path',
            required: true,
            description: 'The signed token the mail carries (anything else: 400)',
            schema: { type: 'string' },
          },
        ],
        ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
        responses: { ...spec.success, ...Object.fromEntries(publicProblemStatusesOf(operationId).map((status) => [String(status), problemRef(status)])) },
      },
    };
  });
