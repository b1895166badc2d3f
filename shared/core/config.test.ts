import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resetConfigForTests } from './config';

const complete = {
  TABLE_NAME: 'crm-table',
  USER_POOL_ID: 'us-east-1_pool',
  CURSOR_SIGNING_KEY: 'k'.repeat(32),
};

describe('loadConfig', () => {
  afterEach(() => resetConfigForTests());

  it('applies the product defaults and coerces numbers from strings', () => {
    // Act
    const config = loadConfig({ ...complete, CUSTOMER_READ_LIMIT: '42', COGNITO_ENDPOINT: 'http://127.0.0.1:9229', AWS_REGION: '' });

    // Assess
    expect(config).toEqual({
      ...complete,
      COGNITO_ENDPOINT: 'http://127.0.0.1:9229',
      AWS_REGION: 'us-east-1',
      CUSTOMER_READ_LIMIT: 42,
      CUSTOMER_READ_WINDOW_SECONDS: 600,
      ACCOUNT_LOCK_CACHE_SECONDS: 10,
    });
  });

  it('refuses an incomplete or malformed environment, naming every problem', () => {
    // Act / Assess
    expect(() =>
      loadConfig({ TABLE_NAME: 'crm-table', CURSOR_SIGNING_KEY: 'short', DYNAMODB_ENDPOINT: 'not a url', CUSTOMER_READ_WINDOW_SECONDS: '5' }),
    ).toThrow(/USER_POOL_ID.*CURSOR_SIGNING_KEY.*DYNAMODB_ENDPOINT.*CUSTOMER_READ_WINDOW_SECONDS/s);
    expect(() => loadConfig({ ...complete, CUSTOMER_READ_LIMIT: '1.5' })).toThrow('CUSTOMER_READ_LIMIT: expected an integer');
    expect(() => loadConfig({ ...complete, ACCOUNT_LOCK_CACHE_SECONDS: '301' })).toThrow('ACCOUNT_LOCK_CACHE_SECONDS: expected at most 300');
    expect(() => loadConfig({ ...complete, TABLE_NAME: '' })).toThrow('TABLE_NAME: required');
  });

  it('parses once per container', () => {
    // Prepare
    const first = loadConfig({ ...complete });

    // Act
    const second = loadConfig({ ...complete, TABLE_NAME: 'another-table' });

    // Assess
    expect(second).toBe(first);
  });
});
