import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { getTokens } from '#local/cognito-local';
import { startGateway, type HandlerLoader, type LambdaHandler } from '#local/gateway';
import { findFreePorts } from '#local/ports';
import { functionEnvironment, startEmulators, type LocalStackInfo } from '#local/stack';

/** One Lambda invocation as the gateway made it: replayed by the latency section without HTTP and JWT. */
export interface CapturedInvocation {
  readonly event: APIGatewayProxyEventV2WithJWTAuthorizer;
  readonly context: Context;
}

export interface BenchStack {
  readonly info: LocalStackInfo;
  readonly apiUrl: string;
  /** ID tokens by demo username: what a web client sends. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The handler the gateway serves for a feature function (the real `functions/<fn>/index.ts`). */
  handlerOf(fn: string): Promise<LambdaHandler>;
  /** Resolves with the next invocation the gateway makes of `routeKey` (e.g. `GET /v1/customers/{customerId}`). */
  captureNext(routeKey: string): Promise<CapturedInvocation>;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local and cognito-local (and aws-ses-v2-local with `ses`) on free ports (never fixed ones: the bench can run beside `npm start` or a
 * test run), the function environment pointed at them, and the local gateway serving the real handler modules.
 * The gateway's loader is the default one plus a pass-through wrapper that can copy one event on request.
 */
export const startBenchStack = async (options: { ses?: boolean } = {}): Promise<BenchStack> => {
  const [dynamoDbPort, cognitoPort, s3Port, sesPort] = (await findFreePorts(4)) as [number, number, number, number];
  const emulators = await startEmulators({
    dynamoDbPort,
    cognitoPort,
    s3Port,
    ...(options.ses ? { sesPort } : {}),
    tableName: `crm-bench-${randomBytes(4).toString('hex')}`,
  });
  try {
    const { info } = emulators;
    // Before any handler module is imported: the functions read their configuration at import time.
    Object.assign(process.env, functionEnvironment(info));

    const handlers = new Map<string, Promise<LambdaHandler>>();
    const waiting = new Map<string, (invocation: CapturedInvocation) => void>();
    const handlerOf = (fn: string): Promise<LambdaHandler> => {
      let handler = handlers.get(fn);
      if (!handler) {
        handler = import(`#functions/${fn}/index`).then((module: { handler: LambdaHandler }) => module.handler);
        handlers.set(fn, handler);
      }
      return handler;
    };
    const loadHandler: HandlerLoader = async (fn) => {
      const handler = await handlerOf(fn);
      return (event, context) => {
        const resolve = waiting.get(event.routeKey);
        if (resolve) {
          waiting.delete(event.routeKey);
          // A copy taken before middy normalises headers and attaches its own state to the event.
          resolve({ event: structuredClone(event), context });
        }
        return handler(event, context);
      };
    };

    const tokens = Object.fromEntries(
      await Promise.all(
        info.users.map(async (user) => {
          const { idToken } = await getTokens(info.cognitoEndpoint, info.clientId, user.username, user.password);
          return [user.username, idToken] as const;
        }),
      ),
    );
    const gateway = await startGateway({
      port: 0,
      issuer: info.issuer,
      audience: [info.clientId],
      // The customer portal's routes (issue 21) behind the portal pool's authorizer, as on the portal API.
      portal: { issuer: info.portalIssuer, audience: [info.portalClientId] },
      loadHandler,
    });
    return {
      info,
      apiUrl: gateway.url,
      tokens,
      handlerOf,
      captureNext: (routeKey) => new Promise((resolve) => waiting.set(routeKey, resolve)),
      stop: async () => {
        await gateway.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
};
