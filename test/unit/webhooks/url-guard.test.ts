import { describe, expect, it } from 'vitest';
import { nextAttemptAt, retryDelayMs, shouldDisable } from '#shared/webhooks/delivery-schedule';
import { isAllowedAddress, urlRefusal } from '#shared/webhooks/url-guard';

const aws = { allowLoopback: false };
const local = { allowLoopback: true };

describe('the webhooks SSRF guard (shared/webhooks/url-guard.ts)', () => {
  it.each([
    ['http://hooks.example.com/crm', aws],
    ['ftp://hooks.example.com/crm', aws],
    ['https://user:pw@hooks.example.com/crm', aws],
    ['https://169.254.169.254/latest/meta-data', aws],
    ['https://10.1.2.3/hook', aws],
    ['https://172.20.0.1/hook', aws],
    ['https://192.168.1.1/hook', aws],
    ['https://100.64.0.1/hook', aws],
    ['https://[fd00:ec2::254]/hook', aws],
    ['https://[::ffff:10.0.0.1]/hook', aws],
    ['https://[fe80::1]/hook', aws],
    ['https://127.0.0.1/hook', aws],
    ['http://127.0.0.1:8080/hook', aws],
    ['https://localhost/hook', aws],
    ['https://metadata.internal/hook', aws],
    ['https://intranet/hook', aws],
    ['http://10.0.0.1/hook', local],
    ['https://169.254.169.254/', local],
    ['not a url', aws],
  ])('refuses %s', (url, policy) => {
    expect(urlRefusal(url, policy)).toBeDefined();
  });

  it.each([
    ['https://hooks.example.com/crm', aws],
    ['https://8.8.8.8/hook', aws],
    ['http://127.0.0.1:8080/hook', local],
    ['http://localhost:8080/hook', local],
  ])('accepts %s', (url, policy) => {
    expect(urlRefusal(url, policy)).toBeUndefined();
  });

  it('judges resolved addresses: public yes; private, metadata, mapped, loopback (outside local mode) no', () => {
    expect(isAllowedAddress('93.184.216.34', false)).toBe(true);
    expect(isAllowedAddress('2606:2800:220:1:248:1893:25c8:1946', false)).toBe(true);
    expect(['169.254.169.254', '10.0.0.1', 'fd00:ec2::254', '::ffff:192.168.0.1', '127.0.0.1', '::1', '0.0.0.0'].map((address) => isAllowedAddress(address, false))).toEqual([
      false, false, false, false, false, false, false,
    ]);
    expect(isAllowedAddress('127.0.0.1', true)).toBe(true);
    expect(isAllowedAddress('169.254.169.254', true)).toBe(false);
  });
});

describe('the retry schedule (shared/webhooks/delivery-schedule.ts)', () => {
  it('backs off 1, 4, 16, 64, 256 minutes, then every 6 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt) / 60_000)).toEqual([1, 4, 16, 64, 256, 360, 360]);
  });

  it('retries within 24 hours of the first attempt, then dead-letters (9 attempts)', () => {
    // Prepare
    const first = '2026-12-07T00:00:00.000Z';
    let at = new Date(first);
    const attempts: string[] = [at.toISOString()];

    // Act: every attempt fails
    for (let attempt = 1; ; attempt += 1) {
      const next = nextAttemptAt(first, attempt, at);
      if (!next) break;
      attempts.push(next);
      at = new Date(next);
    }

    // Assess
    expect(attempts).toHaveLength(9);
    expect(Date.parse(attempts.at(-1)!) - Date.parse(first)).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('disables a subscription only when nothing succeeded since the dead-lettered delivery began', () => {
    expect(shouldDisable('2026-12-07T00:00:00.000Z', undefined)).toBe(true);
    expect(shouldDisable('2026-12-07T00:00:00.000Z', '2026-12-06T23:59:00.000Z')).toBe(true);
    expect(shouldDisable('2026-12-07T00:00:00.000Z', '2026-12-07T10:00:00.000Z')).toBe(false);
  });
});
