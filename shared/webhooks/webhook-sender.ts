import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isAllowedAddress, urlRefusal, type UrlPolicy } from './url-guard';

/** What one delivery attempt sends: the event's JSON, signed with every live secret. */
export interface WebhookMessage {
  readonly url: string;
  /** `webhook-id`: the event id, the same on every attempt (the subscriber's idempotency key). */
  readonly id: string;
  readonly payload: string;
  /** The current secret first, then the previous one during a rotation's grace period. */
  readonly secrets: readonly string[];
}

export interface SendOutcome {
  readonly ok: boolean;
  /** The subscriber's HTTP status, when it answered. */
  readonly status?: number;
  /** At most 256 characters of its answer (never stored whole). */
  readonly excerpt?: string;
  /** Why no answer counted: refused address, timeout, connection error. */
  readonly error?: string;
}

export type WebhookSender = (message: WebhookMessage) => Promise<SendOutcome>;

/** Connect + answer, whole: a subscriber slower than this is a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 5_000;
const EXCERPT_CHARS = 256;
const EXCERPT_BYTES = 1_024;

/** The Standard Webhooks headers: id, timestamp (seconds) and one `v1,<base64 HMAC-SHA256>` per secret. */
export const signedHeaders = (message: Pick<WebhookMessage, 'id' | 'payload' | 'secrets'>, at: Date): Record<string, string> => ({
  'webhook-id': message.id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': message.secrets.map((secret) => new Webhook(secret).sign(message.id, at, message.payload)).join(' '),
});

/** The addresses to connect to: every one the host resolves to must be allowed, else the attempt is refused. */
const resolveAllowed = async (host: string, policy: UrlPolicy): Promise<string> => {
  const addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  const refused = addresses.find((address) => !isAllowedAddress(address, policy.allowLoopback));
  if (refused !== undefined || addresses.length === 0) throw new Error(`refused: ${host} resolves to a private, loopback or metadata address`);
  return addresses[0]!;
};

const readExcerpt = (response: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Enough for the log: the rest of the answer is not read.
      if (size >= EXCERPT_BYTES) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });

/**
 * Posts a signed webhook with Node's own HTTP client: the URL is checked again, the host resolved once and every
 * address checked, the connection made to the checked address (TLS still verifies the host name), redirects not
 * followed (a 3xx is a failure), the whole exchange bounded by `timeoutMs`, and only an excerpt of the answer read.
 */
export const httpWebhookSender = (policy: UrlPolicy, timeoutMs = DELIVERY_TIMEOUT_MS, clock: () => Date = () => new Date()): WebhookSender =>
  async (message) => {
    const refusal = urlRefusal(message.url, policy);
    if (refusal) return { ok: false, error: `refused: ${refusal}` };
    const url = new URL(message.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const address = await resolveAllowed(host, policy);
      const body = Buffer.from(message.payload);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const request = send(
          {
            protocol: url.protocol,
            host: address,
            port: url.port || (url.protocol === 'https:' ? 443 : 80),
            path: `${url.pathname}${url.search}`,
            method: 'POST',
            servername: isIP(host) === 0 ? host : undefined,
            signal: controller.signal,
            headers: {
              host: url.host,
              'content-type': 'application/json',
              'content-length': String(body.length),
              'user-agent': 'crm-webhooks/1',
              ...signedHeaders(message, clock()),
            },
          },
          resolve,
        );
        request.on('error', reject);
        request.end(body);
      });
      const excerpt = await readExcerpt(response);
      const status = response.statusCode ?? 0;
      return { ok: status >= 200 && status < 300, status, ...(excerpt ? { excerpt } : {}) };
    } catch (error) {
      const reason = controller.signal.aborted ? `timeout after ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return { ok: false, error: reason.slice(0, EXCERPT_CHARS) };
    } finally {
      clearTimeout(timer);
    }
  };
