import type { Mailer } from './mailer';

/**
 * The send rate a product starts with: SES's default sending quota once out of the sandbox is 14 mails a second
 * (the sandbox's is 1); set it to the account's quota (`-c mailMaxPerSecond=…`, REMINDER_MAX_MAILS_PER_SECOND).
 */
export const DEFAULT_MAX_MAILS_PER_SECOND = 14;

/** What the bucket waits with: real time by default, fake timers in tests (`performance.now` and `setTimeout`). */
export interface RateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Monotonic, not the wall clock: a wall clock that stands still or steps back (an NTP correction; a test's fake
 * `Date`) would never refill the bucket, and every send after the first would wait forever.
 */
const realClock: RateClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket in front of a Mailer: a token every 1/`perSecond` s, at most `burst` held (default 1: the sends are
 * paced, so no sliding second ever sees more than `perSecond` of them — SES's maximum send rate is per second, and a
 * send above it is throttled; a larger burst would let 2 × perSecond − 1 start within one second). Callers in
 * parallel queue in arrival order (one waiter at a time takes the next token). A send the bucket delays is never
 * dropped; what the inner mailer answers is answered as is (a refusal still comes back `refused`, recorded by the
 * caller, never sent twice).
 */
export const rateLimitedMailer = (inner: Mailer, options: { perSecond: number; burst?: number; clock?: RateClock }): Mailer => {
  if (!(options.perSecond > 0)) throw new Error('rateLimitedMailer: perSecond must be positive');
  const clock = options.clock ?? realClock;
  const capacity = Math.max(1, Math.floor(options.burst ?? 1));
  const msPerToken = 1000 / options.perSecond;
  let tokens = capacity;
  let refilledAt = clock.now();
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + (now - refilledAt) / msPerToken);
    refilledAt = now;
  };

  const take = async (): Promise<void> => {
    refill();
    while (tokens < 1) {
      await clock.sleep(Math.ceil((1 - tokens) * msPerToken));
      refill();
    }
    tokens -= 1;
  };

  return {
    async send(mail) {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      await turn;
      return inner.send(mail);
    },
  };
};
