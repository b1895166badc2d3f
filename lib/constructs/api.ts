import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpStage, LogGroupLogDestination, type IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '#shared/http/cors';

export interface CrmApiProps {
  readonly namePrefix: string;
  readonly allowedOrigins: readonly string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * Access log line: who called what and how it ended — never headers, query strings or tokens, which may carry
 * credentials or personal data. `authorizerError` explains 401s, `integrationError` explains 5xx from Lambda. The staff
 * and the portal API (lib/constructs/portal-api.ts) log the same line.
 */
export const ACCESS_LOG_FIELDS = {
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

/**
 * The staff HTTP API itself: the API (its id and URL, CORS), the logged and throttled `$default` stage. It lives in the
 * stateless stack, beside the functions: the campaigns function's unsubscribe links need its URL, and a URL clients
 * know must not change when routes are added. Its routes, integrations, JWT authorizer and invoke permissions are in
 * the api-routes stack (lib/constructs/api-routes.ts, lib/api-routes-stack.ts), which grows with the route table.
 */
export class CrmApi extends Construct {
  readonly api: HttpApi;
  readonly stage: IHttpStage;
  /** The stage's access logs (JSON: routeKey, status, latencies): the dashboard's per-route widgets query them. */
  readonly accessLogs: ILogGroup;

  constructor(scope: Construct, id: string, props: CrmApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${props.namePrefix}-api`,
      description: 'CRM HTTP API',
      // The implicit default stage cannot have access logs or throttling; the explicit one below has both.
      createDefaultStage: false,
      // No default authorizer here: every route is added by CrmApiRoutes, which gives each the JWT authorizer (the
      // public ones none, acknowledged one by one).
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
  }

  /** The invoke URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/` (routes start with /v1). */
  get url(): string {
    return this.stage.url;
  }
}
