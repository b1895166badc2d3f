/**
 * Runtime configuration of every feature function, parsed once at cold start. A missing or malformed
 * variable fails the cold start with a clear message (every problem named) instead of a confusing error on the
 * first request.
 *
 * Why not zod, like every request schema: this is the one module every function evaluates in its init phase,
 * before it knows which route it will serve. Importing zod here put zod's core (~77 KiB minified) into every
 * function's init path, parsed and evaluated on each cold start, which alone took the functions over the issue-9
 * budget (import within 15 % of a bare GetItem handler; docs/benchmarks.md, "Cold start"). Nine environment
 * variables are checked by the small declarative table below instead; zod loads with the first route that
 * validates a request. Jobs keep their zod configs (functions/jobs/*.config.ts): they have one route.
 *
 * Locally the gateway sets these before it imports the handler modules; in AWS the function construct sets them.
 */

interface TextVariable {
  readonly kind: 'text';
  readonly minLength: number;
  readonly default?: string;
}
interface UrlVariable {
  readonly kind: 'url';
  readonly optional: true;
}
interface IntegerVariable {
  readonly kind: 'integer';
  readonly min: number;
  readonly max?: number;
  readonly default: number;
}
type Variable = TextVariable | UrlVariable | IntegerVariable;

const VARIABLES = {
  TABLE_NAME: { kind: 'text', minLength: 3 },
  USER_POOL_ID: { kind: 'text', minLength: 1 },
  /** HMAC key that makes list cursors tamper-evident. At least 32 characters. */
  CURSOR_SIGNING_KEY: { kind: 'text', minLength: 32 },
  AWS_REGION: { kind: 'text', minLength: 1, default: 'us-east-1' },
  /** Local stack only: DynamoDB Local / cognito-local endpoints. Unset in AWS. */
  DYNAMODB_ENDPOINT: { kind: 'url', optional: true },
  COGNITO_ENDPOINT: { kind: 'url', optional: true },
  // The data-exfiltration guard's settings (shared/read-guard/) are read by every function (the lock check) and the
  // customers function (the counter). Defaults are the product's policy; tests and the bench raise the limit.
  /** Customer records one user may read per rolling window before the account is locked (sliding window counter). */
  CUSTOMER_READ_LIMIT: { kind: 'integer', min: 1, default: 500 },
  /** The rolling window of CUSTOMER_READ_LIMIT, in seconds (default 10 minutes). */
  CUSTOMER_READ_WINDOW_SECONDS: { kind: 'integer', min: 10, max: 86_400, default: 600 },
  /**
   * How old a container's copy of the locked-accounts list may get before it is read again (one GetItem per
   * container per period). Bounds how long a lock takes to reach routes other than the customer reads.
   */
  ACCOUNT_LOCK_CACHE_SECONDS: { kind: 'integer', min: 0, max: 300, default: 10 },
} as const satisfies Record<string, Variable>;

type Spec = typeof VARIABLES;
type ValueOf<V extends Variable> = V extends IntegerVariable ? number : string;

export type Config = {
  readonly [K in keyof Spec as Spec[K] extends UrlVariable ? never : K]: ValueOf<Spec[K]>;
} & {
  readonly [K in keyof Spec as Spec[K] extends UrlVariable ? K : never]?: string;
};

/** The value of one variable, or why it is refused. Blank counts as unset, as zod's coercion treated it. */
const readVariable = (variable: Variable, raw: string | undefined): { value?: string | number } | { problem: string } => {
  const text = raw?.trim() === '' ? undefined : raw;
  if (text === undefined) {
    if ('default' in variable && variable.default !== undefined) return { value: variable.default };
    return variable.kind === 'url' ? {} : { problem: 'required' };
  }
  switch (variable.kind) {
    case 'text':
      return text.length >= variable.minLength ? { value: text } : { problem: `expected at least ${variable.minLength} characters` };
    case 'url':
      return URL.canParse(text) ? { value: text } : { problem: 'expected a URL' };
    case 'integer': {
      const value = Number(text);
      if (!Number.isInteger(value)) return { problem: 'expected an integer' };
      if (value < variable.min) return { problem: `expected at least ${variable.min}` };
      if (variable.max !== undefined && value > variable.max) return { problem: `expected at most ${variable.max}` };
      return { value };
    }
  }
};

const parseConfig = (env: NodeJS.ProcessEnv): Config => {
  const config: Record<string, string | number> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(VARIABLES) as [string, Variable][]) {
    const outcome = readVariable(variable, env[name]);
    if ('problem' in outcome) problems.push(`${name}: ${outcome.problem}`);
    else if (outcome.value !== undefined) config[name] = outcome.value;
  }
  if (problems.length > 0) throw new Error(`Invalid function configuration: ${problems.join('; ')}`);
  return config as Config;
};

let cached: Config | undefined;

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => (cached ??= parseConfig(env));

/** Tests that start functions with a different environment call this first. */
export const resetConfigForTests = (): void => {
  cached = undefined;
};
