import { createHash } from 'node:crypto';
import type { ApiResponse } from '#local/api-client';

/** What every seed section is given and gives back (local/seed.ts runs them in order). */

export interface SeedOptions {
  apiUrl: string;
  /** ID tokens by demo username (admin, sales, am1, am2, exec). */
  tokens: Readonly<Record<string, string>>;
}

export type SeedReport = Record<string, { created: number; existing: number }>;

export interface SeedContext {
  /** POST as a demo user, with an Idempotency-Key derived from path and body. */
  create(as: string, path: string, body: Record<string, unknown>): Promise<ApiResponse>;
  get(as: string, path: string): Promise<ApiResponse>;
  /** Any other request as a demo user (state changes with If-Match …); no Idempotency-Key unless given. */
  send(as: string, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
  /** Customers by customerNo, with the id the API gave them; filled by the customers section. */
  readonly customers: Map<string, { id: string; ownerId: string }>;
}

export interface SeedSection {
  readonly name: string;
  run(context: SeedContext): Promise<{ created: number; existing: number }>;
}

export const money = (yuan: number) => ({ amount: Math.round(yuan * 100), currency: 'CNY' });

export const idempotencyKey = (path: string, body: unknown): string =>
  `seed-${createHash('sha256').update(`${path}\n${JSON.stringify(body)}`).digest('hex').slice(0, 40)}`;

export const failure = (what: string, answer: ApiResponse): Error =>
  new Error(`seeding ${what} failed with ${answer.status}: ${answer.text}`);
