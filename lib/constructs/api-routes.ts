import { Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PUBLIC_ROUTES, ROUTES, type FeatureFunction, type PublicRouteDefinition, type RouteDefinition } from '#shared/routes';

export interface CrmApiRoutesProps {
  /** The staff HTTP API's id (lib/constructs/api.ts, in the stateless stack): the routes are added to it by id. */
  readonly apiId: string;
  readonly userPool: IUserPool;
  /** The only client whose tokens the authorizer accepts (its id is the pinned audience). */
  readonly client: IUserPoolClient;
  /** The Lambda function serving each feature's routes. */
  readonly functions: ReadonlyMap<FeatureFunction, IFunction>;
  /** @default ROUTES — the API surface comes from the route table, never from a hand-written list. */
  readonly routes?: readonly RouteDefinition[];
  /** @default PUBLIC_ROUTES — the routes served WITHOUT the authorizer (a campaign mail's unsubscribe link). */
  readonly publicRoutes?: readonly PublicRouteDefinition[];
}

/**
 * The staff API's routes, generated from the route table: the JWT authorizer (Cognito, pinned to the app client) on
 * every route but the public ones, one Lambda integration per function shared by all of its routes, and one invoke
 * permission per function scoped to this API. The API itself and its stage are in the stateless stack
 * (lib/constructs/api.ts); the stage deploys itself (auto-deploy) whenever a route here changes.
 */
export class CrmApiRoutes extends Construct {
  readonly routes: readonly HttpRoute[];

  constructor(scope: Construct, id: string, props: CrmApiRoutesProps) {
    super(scope, id);
    const httpApi = HttpApi.fromHttpApiAttributes(this, 'HttpApi', { httpApiId: props.apiId });

    // Pinned to the app client: without userPoolClients the construct would create (and trust) a client of its own.
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.client],
      identitySource: ['$request.header.Authorization'],
    });

    // One integration per function, shared by all of its routes.
    const integrations = new Map<FeatureFunction, HttpLambdaIntegration>();
    const integrationOf = (fn: FeatureFunction): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        const handler = props.functions.get(fn);
        if (!handler) throw new Error(`CrmApiRoutes: no function for feature "${fn}" (needed by its routes)`);
        // One invoke permission per function, scoped to this API (execute-api:<api>/*/*/*), not one per route: with
        // ~150 routes the per-route permissions alone took the stack past CloudFormation's 500 resources.
        // A function serves exactly the routes this API maps to it, so the wider scope grants no other caller.
        integration = new HttpLambdaIntegration(`${fn}-integration`, handler, { scopePermissionToRoute: false });
        integrations.set(fn, integration);
      }
      return integration;
    };
    const route = (path: string, method: RouteDefinition['method'], fn: FeatureFunction, routeAuthorizer: HttpUserPoolAuthorizer | HttpNoneAuthorizer): HttpRoute =>
      // The same construct id HttpApi.addRoutes gives a route (`<METHOD><path>`).
      new HttpRoute(this, `${method}${path}`, {
        httpApi,
        routeKey: HttpRouteKey.with(path, HttpMethod[method]),
        integration: integrationOf(fn),
        authorizer: routeAuthorizer,
      });

    const routes: HttpRoute[] = [];
    // Every route of the route table behind the authorizer: no route can be left unauthenticated by mistake.
    for (const definition of props.routes ?? ROUTES) routes.push(route(definition.path, definition.method, definition.fn, authorizer));
    // The public routes (shared/routes.ts, PUBLIC_ROUTES): explicitly without the authorizer, each acknowledged.
    for (const definition of props.publicRoutes ?? PUBLIC_ROUTES) {
      const added = route(definition.path, definition.method, definition.fn, new HttpNoneAuthorizer());
      Validations.of(added).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A campaign mail\'s one-click unsubscribe link (RFC 8058) must work without signing in: mail clients POST it ' +
          'with no credentials. The path carries the credential instead, an HMAC-SHA256 token naming one campaign member ' +
          '(shared/campaigns/unsubscribe-token.ts); a tampered token is refused with 400 and changes nothing, and the ' +
          'route can only opt that one contact out of marketing mail. Throttled by the stage like every route.',
      });
      routes.push(added);
    }
    this.routes = routes;
  }
}
