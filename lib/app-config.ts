import type { Construct } from 'constructs';

/**
 * Deployment settings read from CDK context, so one code base deploys any number of isolated copies:
 * `npx cdk synth -c stage=prod -c allowedOrigins=https://crm.example.com`. Defaults give a working dev stack.
 */
export interface CrmAppConfig {
  /** Prefix of every stack name; lets two apps share an account without clashing. */
  readonly appName: string;
  /** dev, test, prod … part of the stack names and of the function service names. */
  readonly stage: string;
  /** Browser origins allowed by CORS. Never `*`: the API is called with bearer tokens from known front ends. */
  readonly allowedOrigins: readonly string[];
  /** Steady-state request rate (req/s) and burst for the whole `$default` stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Rate (req/s) and burst of EACH customer portal route, and of its stage (issue 21; lib/constructs/portal-api.ts). */
  readonly portalThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Subscribed by e-mail to the alarm topic (`-c alarmEmail=oncall@example.com`); unset, nobody is subscribed. */
  readonly alarmEmail?: string | undefined;
  /** The sender of reminder mail (`-c mailFrom=crm@example.com`), a verified SES identity of the stack. */
  readonly mailFrom: string;
  /**
   * Mails the reminder job starts per second at most (`-c mailMaxPerSecond=…`, REMINDER_MAX_MAILS_PER_SECOND): the SES
   * account's maximum send rate — 14 by default once out of the sandbox (the sandbox's is 1: set 1 there).
   */
  readonly mailMaxPerSecond: number;
}

export const DEFAULT_APP_CONFIG: CrmAppConfig = {
  appName: 'crm',
  stage: 'dev',
  allowedOrigins: ['http://localhost:5173'],
  throttle: { rateLimit: 50, burstLimit: 100 },
  portalThrottle: { rateLimit: 10, burstLimit: 20 },
  mailFrom: 'crm-reminders@example.com',
  mailMaxPerSecond: 14,
};

// Stage and app names become part of stack names and resource names: keep them to a safe alphabet.
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** Context values arrive as strings from `-c key=value` and as JSON values from cdk.json; accept both. */
const asList = (value: unknown): string[] | undefined => {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
};

const asPositiveInt = (key: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`context ${key} must be a positive integer, got ${String(value)}`);
  return parsed;
};

const asName = (key: string, value: unknown, fallback: string): string => {
  const name = value === undefined ? fallback : String(value);
  if (!NAME_PATTERN.test(name)) throw new Error(`context ${key} must match ${NAME_PATTERN}, got "${name}"`);
  return name;
};

export const readAppConfig = (scope: Construct): CrmAppConfig => {
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  const allowedOrigins = asList(context('allowedOrigins')) ?? [...DEFAULT_APP_CONFIG.allowedOrigins];
  for (const origin of allowedOrigins) {
    // A wildcard origin with credentials-bearing requests is exactly what CORS is meant to prevent.
    if (origin === '*' || !/^https?:\/\/[^/]+$/.test(origin)) throw new Error(`allowedOrigins: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const alarmEmail = context('alarmEmail') === undefined ? undefined : String(context('alarmEmail'));
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new Error(`alarmEmail: "${alarmEmail}" is not an e-mail address`);
  const mailFrom = context('mailFrom') === undefined ? DEFAULT_APP_CONFIG.mailFrom : String(context('mailFrom'));
  if (!/^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/.test(mailFrom)) throw new Error(`mailFrom: "${mailFrom}" is not an e-mail address`);
  return {
    ...(alarmEmail ? { alarmEmail } : {}),
    mailFrom,
    mailMaxPerSecond: asPositiveInt('mailMaxPerSecond', context('mailMaxPerSecond'), DEFAULT_APP_CONFIG.mailMaxPerSecond),
    appName: asName('appName', context('appName'), DEFAULT_APP_CONFIG.appName),
    stage: asName('stage', context('stage'), DEFAULT_APP_CONFIG.stage),
    allowedOrigins,
    throttle: {
      rateLimit: asPositiveInt('throttleRateLimit', context('throttleRateLimit'), DEFAULT_APP_CONFIG.throttle.rateLimit),
      burstLimit: asPositiveInt('throttleBurstLimit', context('throttleBurstLimit'), DEFAULT_APP_CONFIG.throttle.burstLimit),
    },
    portalThrottle: {
      rateLimit: asPositiveInt('portalThrottleRateLimit', context('portalThrottleRateLimit'), DEFAULT_APP_CONFIG.portalThrottle.rateLimit),
      burstLimit: asPositiveInt('portalThrottleBurstLimit', context('portalThrottleBurstLimit'), DEFAULT_APP_CONFIG.portalThrottle.burstLimit),
    },
  };
};
