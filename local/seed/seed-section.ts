import { createHash } from 'node:crypto';
import type { components, CrmClient } from '#clients/typescript/src/index';

/**
 * What every seed section is given and gives back (local/seed.ts runs them in order). The sections call the API
 * through the typed client (clients/typescript), as any integrator would: the compiler checks every path, parameter
 * and body of the demo data against docs/openapi.json.
 */

export interface SeedOptions {
  apiUrl: string;
  /** ID tokens by demo username (admin, sales, am1, am2, exec). */
  tokens: Readonly<Record<string, string>>;
}

export type SeedReport = Record<string, { created: number; existing: number }>;

/** A schema of docs/openapi.json by name (`SchemaOf<'CreateCustomerRequest'>`). */
export type SchemaOf<Name extends keyof components['schemas']> = components['schemas'][Name];

export interface SeedContext {
  /** The typed API client signed in as a demo user (one client per user, made once). */
  as(user: string): CrmClient;
  /** Customers by customerNo, with the id the API gave them; filled by the customers section. */
  readonly customers: Map<string, { id: string; ownerId: string }>;
}

export interface SeedSection {
  readonly name: string;
  run(context: SeedContext): Promise<{ created: number; existing: number }>;
}

export const money = (yuan: number, currency = 'CNY') => ({ amount: Math.round(yuan * 100), currency });

export const idempotencyKey = (path: string, body: unknown): string =>
  `seed-${createHash('sha256').update(`${path}\n${JSON.stringify(body)}`).digest('hex').slice(0, 40)}`;

/**
 * The headers of a seeded create: an Idempotency-Key derived from the concrete path and the body (the same key as
 * before the seed used the typed client, so a persisted store re-seeded replays its first answers).
 */
export const idempotent = (path: string, body: unknown) => ({ 'Idempotency-Key': idempotencyKey(path, body) });

export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** What a typed call answers (openapi-fetch: the data, or the problem, and the raw response). */
interface TypedAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

export interface SeedAnswer<T> {
  readonly status: number;
  /** The body on a 2xx; undefined otherwise. */
  readonly data: T | undefined;
  /** The answer replays an earlier create with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/** A typed call's answer when its status is one of `accept` (default: 200, 201); anything else fails the seed, naming `what`. */
export const answerOf = async <T>(what: string, call: Promise<TypedAnswer<T>>, accept: readonly number[] = [200, 201]): Promise<SeedAnswer<T>> => {
  const { data, error, response } = await call;
  if (!accept.includes(response.status)) throw new Error(`seeding ${what} failed with ${response.status}: ${JSON.stringify(error ?? data ?? null)}`);
  return { status: response.status, data, replayed: response.headers.get('idempotent-replayed') === 'true' };
};

/** The body of a successful typed call; any other answer fails the seed, naming `what`. */
export const dataOf = async <T>(what: string, call: Promise<TypedAnswer<T>>): Promise<T> => {
  const { data, status } = await answerOf(what, call);
  if (data === undefined) throw new Error(`seeding ${what}: HTTP ${status} without a body`);
  return data;
};

/** Every item of a cursor-paged list: `page(cursor)` is one typed list call. */
export const allPages = async <T>(what: string, page: (cursor: string | undefined) => Promise<TypedAnswer<{ items: T[]; nextCursor?: string | null }>>): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await dataOf(what, page(cursor));
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor);
  return items;
};
