import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PUBLIC_ROUTES, ROUTES, type FeatureFunction, type PublicRouteDefinition, type RouteDefinition } from '#shared/routes';
import { CORS_POLICY } from '#shared/http/cors';

export interface CrmApiProps {
  readonly namePrefix: string;
  readonly userPool: IUserPool;
  /** The only client whose tokens the authorizer accepts (its id is the pinned audience). */
  readonly client: IUserPoolClient;
  /** The Lambda function serving each feature's routes. */
  readonly functions: ReadonlyMap<FeatureFunction, IFunction>;
  readonly allowedOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default ROUTES — the API surface comes from the route table, never from a hand-written list. */
  readonly routes?: readonly RouteDefinition[];
  /** @default PUBLIC_ROUTES — the routes served WITHOUT the authorizer (a campaign mail's unsubscribe link). */
  readonly publicRoutes?: readonly PublicRouteDefinition[];
}

/**
 * Access log line: who called what and how it ended — never headers, query strings or tokens, which may carry
 * credentials or personal data. `authorizerError` explains 401s, `integrationError` explains 5xx from Lambda.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

/** The HTTP API: JWT authorizer on every route, routes generated from the route table, logged and throttled stage. */
export class CrmApi extends Construct {
  readonly api: HttpApi;
  readonly stage: IHttpStage;
  /** The stage's access logs (JSON: routeKey, status, latencies): the dashboard's per-route widgets query them. */
  readonly accessLogs: ILogGroup;

  constructor(scope: Construct, id: string, props: CrmApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;

    // Pinned to the app client: without userPoolClients the construct would create (and trust) a client of its own.
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.client],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${props.namePrefix}-api`,
      description: 'CRM HTTP API',
      // The implicit default stage cannot have access logs or throttling; the explicit one below has both.
      createDefaultStage: false,
      // The default authorizer applies to every route added below: no route can be left unauthenticated by mistake.
      defaultAuthorizer: authorizer,
      // CORS is answered by API Gateway here and nowhere else (the handlers do not add CORS headers).
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        // Bearer tokens travel in the Authorization header, never in cookies.
        allowCredentials: false,
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.accessLogs = accessLogs;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      // Protects the table and the account's Lambda concurrency from a runaway client; 429 beyond these.
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
    });

    // One integration per function, shared by all of its routes.
    const integrations = new Map<FeatureFunction, HttpLambdaIntegration>();
    const integrationOf = (fn: FeatureFunction): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        const handler = props.functions.get(fn);
        if (!handler) throw new Error(`CrmApi: no function for feature "${fn}" (needed by its routes)`);
        // One invoke permission per function, scoped to this API (execute-api:<api>/*/*/*), not one per route: with
        // ~150 routes the per-route permissions alone took the stateless stack past CloudFormation's 500 resources.
        // A function serves exactly the routes this API maps to it, so the wider scope grants no other caller.
        integration = new HttpLambdaIntegration(`${fn}-integration`, handler, { scopePermissionToRoute: false });
        integrations.set(fn, integration);
      }
      return integration;
    };

    for (const route of routes) {
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrationOf(route.fn) });
    }
    // The public routes (shared/routes.ts, PUBLIC_ROUTES): explicitly without the authorizer, each acknowledged.
    for (const route of props.publicRoutes ?? PUBLIC_ROUTES) {
      for (const added of this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrationOf(route.fn), authorizer: new HttpNoneAuthorizer() })) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'A campaign mail\'s one-click unsubscribe link (RFC 8058) must work without signing in: mail clients POST it ' +
            'with no credentials. The path carries the credential instead, an HMAC-SHA256 token naming one campaign member ' +
            '(shared/campaigns/unsubscribe-token.ts); a tampered token is refused with 400 and changes nothing, and the ' +
            'route can only opt that one contact out of marketing mail. Throttled by the stage like every route.',
        });
      }
    }
  }

  /** The invoke URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/` (routes start with /v1). */
  get url(): string {
    return this.stage.url;
  }
}
