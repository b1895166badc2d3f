import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of webhook URLs (issue 22): a subscriber must be a public HTTPS endpoint. Checked when a
 * subscription is created or changed (the URL as written) and again before every delivery (every address its host
 * resolves to, then the connection is made to exactly the address checked — no second lookup a DNS rebinding could
 * answer differently). Loopback over plain HTTP is allowed only in local mode (`WEBHOOKS_ALLOW_LOOPBACK=true`, set by
 * the local stack and the tests, never by the CDK app).
 */

// Two lists: Node's BlockList would match every IPv4 address against an IPv6 rule such as ::ffff:0:0/96.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
// IPv4: "this" network, private, carrier-grade NAT, loopback, link-local (169.254.169.254, the metadata service),
// IETF protocol assignments, benchmarking, documentation, multicast, reserved, broadcast.
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blockedV4.addSubnet(network, prefix, 'ipv4');
// IPv6: unspecified, loopback, IPv4-mapped and -translated (NAT64), unique local (fc00::/7 holds fd00::/8 and the
// metadata service's fd00:ec2::254), link-local, site-local, multicast, documentation.
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['fc00::', 7], ['fe80::', 10],
  ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) blockedV6.addSubnet(network, prefix, 'ipv6');

const loopbackV4 = new BlockList();
loopbackV4.addSubnet('127.0.0.0', 8, 'ipv4');

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is judged by its IPv4 address. */
const unmapped = (address: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
};

export const isLoopbackAddress = (address: string): boolean => {
  const plain = unmapped(address);
  if (familyOf(plain) === 'ipv6') return /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(plain);
  return loopbackV4.check(plain, 'ipv4');
};

/** Whether a webhook may be delivered to this IP address (loopback only when `allowLoopback`). */
export const isAllowedAddress = (address: string, allowLoopback: boolean): boolean => {
  const plain = unmapped(address);
  if (isIP(plain) === 0) return false;
  if (isLoopbackAddress(plain)) return allowLoopback;
  return familyOf(plain) === 'ipv4' ? !blockedV4.check(plain, 'ipv4') : !blockedV6.check(plain, 'ipv6');
};

export interface UrlPolicy {
  /** Local mode: `http://127.0.0.1:<port>/…` and `http://localhost…` allowed (tests, `npm start`). */
  readonly allowLoopback: boolean;
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');
const isLocalName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/** Why a webhook URL is refused, or undefined when it may be registered (its addresses are checked at delivery). */
export const urlRefusal = (raw: string, policy: UrlPolicy): string | undefined => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not an absolute URL.';
  }
  if (url.username || url.password) return 'A webhook URL must not carry credentials.';
  const host = hostOf(url);
  const loopbackHost = isLocalName(host) || (isIP(host) !== 0 && isLoopbackAddress(host));
  if (url.protocol === 'http:') {
    if (policy.allowLoopback && loopbackHost) return undefined;
    return 'A webhook URL must use https.';
  }
  if (url.protocol !== 'https:') return 'A webhook URL must use https.';
  if (loopbackHost) return policy.allowLoopback ? undefined : 'A webhook URL must not point at this machine (loopback).';
  if (isIP(host) !== 0 && !isAllowedAddress(host, policy.allowLoopback)) {
    return 'A webhook URL must not point at a private, link-local or metadata address.';
  }
  if (host.endsWith('.internal') || host.endsWith('.local') || !host.includes('.')) return 'A webhook URL must name a public host.';
  return undefined;
};

/** The policy of this process: loopback only when the local stack or a test set the flag. */
export const urlPolicyFromEnv = (env: NodeJS.ProcessEnv = process.env): UrlPolicy => ({ allowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK === 'true' });
