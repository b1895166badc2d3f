/**
 * The portal function's one setting beyond the shared configuration (shared/core/config.ts): the PORTAL user pool's
 * id (lib/stateless-stack.ts sets it; locally local/stack.ts). Read at first use, not at cold start, so the staff
 * configuration check stays the one every function runs.
 */
export const portalUserPoolId = (env: NodeJS.ProcessEnv = process.env): string => {
  const value = env['PORTAL_USER_POOL_ID']?.trim();
  if (!value) throw new Error('Invalid function configuration: PORTAL_USER_POOL_ID: required');
  return value;
};
