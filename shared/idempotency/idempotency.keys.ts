/** Idempotency records, scoped by caller and operation; expire through TTL after a day. */
export const idempotencyKeys = {
  item: (username: string, operationId: string, key: string) => ({
    pk: `IDEMPOTENCY#${username}#${operationId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
} as const;
