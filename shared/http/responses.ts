import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { etagOf } from './etag';

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const ok = (body: unknown, options: { version?: number } = {}): HttpResult =>
  json(200, body, options.version === undefined ? {} : { etag: etagOf(options.version) });

export const created = (body: unknown, options: { location: string; version: number; replayed?: boolean }): HttpResult =>
  json(201, body, {
    location: options.location,
    etag: etagOf(options.version),
    ...(options.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });

/** A create whose work goes on asynchronously (an export): the record to follow, as `created` gives it. */
export const accepted = (body: unknown, options: { location: string; version: number; replayed?: boolean }): HttpResult =>
  json(202, body, {
    location: options.location,
    etag: etagOf(options.version),
    ...(options.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });

export const noContent = (): HttpResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

export const problemResponse = (problem: { status: number } & Record<string, unknown>, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(problem),
});

/**
 * A binary document (a quote's PDF): Lambda answers it base64-encoded with `isBase64Encoded`, which API Gateway
 * (and the local gateway, local/gateway.ts) decode into the raw bytes. Downloaded inline under `filename`.
 */
export const binary = (
  bytes: Uint8Array,
  options: { contentType: string; filename: string; version?: number },
): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': options.contentType,
    'content-disposition': `inline; filename="${options.filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    ...(options.version === undefined ? {} : { etag: etagOf(options.version) }),
  },
  body: Buffer.from(bytes).toString('base64'),
  isBase64Encoded: true,
});
