import { monotonicFactory } from 'ulid';

/** Time and ids are injected into use cases so tests can pin them. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IdGenerator {
  /** A ULID: sortable by creation time, 26 Crockford base32 characters. */
  next(): string;
}

export const ulidGenerator = (random?: () => number): IdGenerator => {
  const generate = monotonicFactory(random);
  return { next: () => generate() };
};

/** A deterministic PRNG (mulberry32) for tests and seed data that must be reproducible. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
