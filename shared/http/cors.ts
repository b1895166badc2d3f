import { ROUTES } from '#shared/routes';

/**
 * The CORS policy, in one place: API Gateway answers preflights with it (lib/constructs/api.ts) and so does
 * the local gateway. The functions never add CORS headers themselves. Origins are per deployment.
 */
export const CORS_POLICY = {
  allowMethods: [...new Set(ROUTES.map((route) => route.method))],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id'],
  exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Correlation-Id', 'Idempotent-Replayed'],
  maxAgeSeconds: 3600,
} as const;
