import { describe, expect, it, vi } from 'vitest';
import { api, useTestGateway, tokenFor } from '#test/support/e2e';
import { uniqueName } from './scenarios/route-scenarios';

// This file's workers log at INFO (the suite runs at WARN); set before the handler modules create their logger.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

/**
 * Logs are structured JSON with a correlation id, and carry no token and no personal data — checked on what
 * the real handler writes while serving requests (the gateway runs the handler in this process).
 */
describe('request logs', () => {
  let client: ReturnType<typeof api>;
  useTestGateway((gateway) => (client = gateway.client));

  it('are JSON lines with the correlation id and without tokens, names, phones or bodies', async () => {
    // Prepare
    const token = await tokenFor('am1');
    const name = uniqueName('张三 private');
    const phone = '+86 10 5555 0199';
    const lines: string[] = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);

    // Act
    try {
      const created = await client.post<{ id: string }>('/v1/customers', { name, phone }, { token, headers: { 'x-correlation-id': 'log-test-000001' } });
      await client.patch(`/v1/customers/${created.json.id}`, { phone: 'not a phone!' }, { token, headers: { 'if-match': '"1"' } });
      await client.get('/v1/customers/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    // Assess
    const output = lines.join('');
    const records = output.split('\n').filter((line) => line.trim().startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.find((record) => record.correlation_id === 'log-test-000001')).toMatchObject({ message: 'request', status: 201 });
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[1]);
    expect(output).not.toContain(name);
    expect(output).not.toContain(phone);
    expect(output).not.toContain('not a phone!');
  });
});
