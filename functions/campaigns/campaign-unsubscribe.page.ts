import { DomainError, ErrorCode } from '#shared/core/errors';
import { unsubscribeTokens, type UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import { loadConfig } from '#shared/core/config';
import type { HttpResult } from '#shared/http/responses';

/**
 * The public unsubscribe routes' transport (shared/routes.ts, PUBLIC_ROUTES: no token, no authorizer): the signed
 * token of the path checked first (anything else → 400, nothing read or written), and the small pages a person sees.
 */
let tokens: ReturnType<typeof unsubscribeTokens> | undefined;

export const unsubscribeTargetOf = (event: { pathParameters?: Record<string, string | undefined> }): UnsubscribeTarget => {
  const token = event.pathParameters?.['token'] ?? '';
  const target = (tokens ??= unsubscribeTokens(loadConfig().CURSOR_SIGNING_KEY)).verify(token);
  if (!target) {
    throw new DomainError(ErrorCode.ValidationFailed, 'This unsubscribe link is not valid (it may have been cut or changed).', {
      errors: [{ path: 'params.token', message: 'Not a valid unsubscribe token.' }],
    });
  }
  return target;
};

const page = (title: string, body: string): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page loads nothing and runs nothing; it may post its one form to itself.
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  },
  body: `<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body>${body}</body></html>`,
});

/** GET: a button, never the unsubscribe itself (mail scanners follow links; RFC 8058 asks for a POST). */
export const confirmPage = (): HttpResult =>
  page(
    '退订 Unsubscribe',
    '<h1>退订营销邮件 Unsubscribe</h1><p>不再接收此类营销邮件？ Stop receiving marketing e-mail from us?</p>' +
      '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">退订 Unsubscribe</button></form>',
  );

export const donePage = (): HttpResult =>
  page('已退订 Unsubscribed', '<h1>已退订 Unsubscribed</h1><p>您将不再收到我们的营销邮件。 You will receive no more marketing e-mail from us.</p>');
