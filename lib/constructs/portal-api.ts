import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PORTAL_ROUTES, routeKey, type PortalRouteDefinition } from '#shared/routes';
import { CORS_POLICY } from '#shared/http/cors';
import { ACCESS_LOG_FIELDS } from './api';

export interface PortalApiProps {
  readonly namePrefix: string;
  /** The PORTAL pool and its app client: the only tokens this API accepts. */
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
  /** The portal function (functions/portal/). */
  readonly handler: IFunction;
  readonly allowedOrigins: readonly string[];
  /** Per route: each portal route has its own rate and burst, so one busy customer cannot starve another route. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly routes?: readonly PortalRouteDefinition[];
}

/**
 * The customer portal's HTTP API (issue 21): its own API and stage, so that the staff API never has a portal route
 * and this one never a staff route. Every route is behind the PORTAL pool's authorizer (pinned to its app client);
 * the stage throttles each route on its own (route settings) beside the stage default.
 */
export class PortalApi extends Construct {
  readonly api: HttpApi;
  readonly stage: IHttpStage;
  /** The stage's access logs (JSON: routeKey, status, latencies): the operations dashboard's per-route widgets query them. */
  readonly accessLogs: ILogGroup;

  constructor(scope: Construct, id: string, props: PortalApiProps) {
    super(scope, id);
    const routes = props.routes ?? PORTAL_ROUTES;

    const authorizer = new HttpUserPoolAuthorizer('PortalAuthorizer', props.userPool, {
      userPoolClients: [props.client],
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${props.namePrefix}-portal-api`,
      description: 'Customer portal HTTP API (/portal/v1)',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        allowCredentials: false,
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const stage = new HttpStage(this, 'PortalStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
    });
    this.stage = stage;
    this.accessLogs = accessLogs;

    // One invoke permission for the portal function, scoped to this API (see api.ts: one per route would add a
    // resource per portal route to the stack).
    const integration = new HttpLambdaIntegration('portal-integration', props.handler, { scopePermissionToRoute: false });
    // CloudFormation's own casing: a property override is not converted.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const cfnStage = stage.node.defaultChild as CfnStage;
    for (const route of routes) {
      // The routes must exist before the stage names them in its route settings.
      for (const added of this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration })) cfnStage.node.addDependency(added);
      routeSettings[routeKey(route)] = { ThrottlingRateLimit: props.throttle.rateLimit, ThrottlingBurstLimit: props.throttle.burstLimit };
    }
    // HttpStage has no per-route throttle: the route settings go on the underlying CloudFormation stage.
    cfnStage.addPropertyOverride('RouteSettings', routeSettings);
  }

  get url(): string {
    return this.stage.url;
  }
}
