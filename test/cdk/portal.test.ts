import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_CONFIG } from '#lib/app-config';
import { PORTAL_POOL_ACTIONS } from '#lib/function-access';
import { PORTAL_ROUTES, routeKey } from '#shared/routes';
import { asArray, buildTestApp, policyStatements, resourcesOf } from './crm-test-app';

const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

/** The customer portal (issue 21): a second user pool, its own API behind that pool's authorizer, throttled per route. */
describe('customer portal', () => {
  // Prepare (shared)
  const { statefulTemplate, statelessTemplate, apiRoutesTemplate } = buildTestApp();
  const pools = resourcesOf(statefulTemplate, 'AWS::Cognito::UserPool');
  const clients = resourcesOf(statefulTemplate, 'AWS::Cognito::UserPoolClient');
  const portalPoolId = Object.keys(pools).find((id) => String(pools[id]!.Properties.UserPoolName).endsWith('-portal-users'))!;
  const staffPoolId = Object.keys(pools).find((id) => id !== portalPoolId)!;
  const apis = resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Api');
  const portalApiId = Object.keys(apis).find((id) => String(apis[id]!.Properties.Name).endsWith('-portal-api'))!;
  const onPortalApi = (type: string) =>
    Object.values(resourcesOf(statelessTemplate, type)).filter((resource) => logicalIdOf(resource.Properties.ApiId) === portalApiId);

  it('has a second user pool: invitation only, no groups, its own app client', () => {
    // Assess
    expect(Object.keys(pools)).toHaveLength(2);
    expect(pools[portalPoolId]!.Properties).toMatchObject({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, DeletionProtection: 'ACTIVE' });
    const groups = Object.values(resourcesOf(statefulTemplate, 'AWS::Cognito::UserPoolGroup'));
    expect(groups.filter((group) => logicalIdOf(group.Properties.UserPoolId) === portalPoolId)).toEqual([]);
    expect(groups.filter((group) => logicalIdOf(group.Properties.UserPoolId) === staffPoolId).length).toBeGreaterThan(0);
    const portalClients = Object.values(clients).filter((client) => logicalIdOf(client.Properties.UserPoolId) === portalPoolId);
    expect(portalClients).toHaveLength(1);
    expect(portalClients[0]!.Properties).toMatchObject({ GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
  });

  it('serves exactly the portal routes on its own API, each behind the portal authorizer', () => {
    // Act
    const routes = onPortalApi('AWS::ApiGatewayV2::Route');
    const authorizers = onPortalApi('AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(PORTAL_ROUTES.map(routeKey).sort());
    expect(authorizers).toHaveLength(1);
    expect(routes.every((route) => route.Properties.AuthorizationType === 'JWT')).toBe(true);
    // The staff API has no portal route, and no staff route is on the portal API.
    // (The staff API's routes are the api-routes stack's: lib/api-routes-stack.ts.)
    const staffRoutes = Object.values(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Route'));
    expect(staffRoutes.length).toBeGreaterThan(0);
    expect(staffRoutes.filter((route) => String(route.Properties.RouteKey).includes('/portal/'))).toEqual([]);
    expect(Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Route')).filter((route) => logicalIdOf(route.Properties.ApiId) !== portalApiId)).toEqual([]);
    expect(routes.filter((route) => !String(route.Properties.RouteKey).includes(' /portal/v1/'))).toEqual([]);
  });

  it('pins the portal authorizer to the portal pool and its client only, and the staff authorizer to the staff pool', () => {
    // Act
    const [portal] = onPortalApi('AWS::ApiGatewayV2::Authorizer');
    const staff = [
      ...Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Authorizer')).filter((authorizer) => authorizer !== portal),
      ...Object.values(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Authorizer')),
    ];

    // Assess: the pools live in the stateful stack, so the references are imports of its outputs naming each pool
    const text = (value: unknown) => JSON.stringify(value);
    expect(text(portal!.Properties.JwtConfiguration.Issuer)).toContain(portalPoolId);
    expect(portal!.Properties.JwtConfiguration.Audience).toHaveLength(1);
    expect(text(portal!.Properties.JwtConfiguration.Audience)).toMatch(/PortalAuth\w*PortalClient/);
    expect(staff).toHaveLength(1);
    expect(text(staff[0]!.Properties.JwtConfiguration.Issuer)).not.toContain(portalPoolId);
    expect(text(staff[0]!.Properties.JwtConfiguration.Audience)).not.toContain('PortalAuth');
  });

  it('throttles each portal route on the portal stage, at the configured portal rate and burst (lib/app-config.ts)', () => {
    // Act
    const [stage] = onPortalApi('AWS::ApiGatewayV2::Stage');
    const settings = stage!.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;

    // Assess
    expect(Object.keys(settings).sort()).toEqual(PORTAL_ROUTES.map(routeKey).sort());
    const { rateLimit, burstLimit } = DEFAULT_APP_CONFIG.portalThrottle;
    for (const [key, setting] of Object.entries(settings)) {
      expect(setting, key).toMatchObject({ ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit });
    }
    expect(stage!.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  });

  it('lets only the portal function act on the portal pool, with exactly its actions', () => {
    // Act
    const onPortalPool = policyStatements(statelessTemplate).filter((statement) => JSON.stringify(statement.Resource).includes(portalPoolId));

    // Assess
    expect(onPortalPool).toHaveLength(1);
    expect(asArray(onPortalPool[0]!.Action).sort()).toEqual([...PORTAL_POOL_ACTIONS].sort());
  });
});
