import { describe, expect, it } from 'vitest';
import { FEATURE_FUNCTIONS, PUBLIC_ROUTES, ROUTES, routeKey } from '#shared/routes';
import { FUNCTION_ACCESS } from '#lib/function-access';
import { SCHEDULED_JOBS } from '#lib/constructs/schedule';
import { asArray, buildTestApp, importedLogicalIds, policyStatements, resourcesOf } from './crm-test-app';

/** `{ Ref: 'X' }` / `{ 'Fn::GetAtt': ['X', 'Arn'] }` → 'X'. */
const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

describe('CrmStatelessStack', () => {
  // Prepare (shared)
  const { statefulTemplate, statelessTemplate: template, apiRoutesTemplate } = buildTestApp();
  // The staff API; the customer portal's API (lib/constructs/portal-api.ts) is asserted in test/cdk/portal.test.ts.
  const apis = resourcesOf(template, 'AWS::ApiGatewayV2::Api');
  const staffApiId = Object.keys(apis).find((id) => !String(apis[id]!.Properties.Name).endsWith('-portal-api'));
  const onStaffApi = (resources: ReturnType<typeof resourcesOf>) =>
    Object.fromEntries(Object.entries(resources).filter(([, resource]) => logicalIdOf(resource.Properties.ApiId) === staffApiId));
  // The staff API's routes, authorizer, integrations and permissions are the api-routes stack's (lib/api-routes-stack.ts),
  // each naming the API by the id the stateless stack exports. (Resource counts: test/cdk/stack-limits.test.ts.)
  const onStaffApiByImport = (resources: ReturnType<typeof resourcesOf>) =>
    Object.fromEntries(Object.entries(resources).filter(([, resource]) => importedLogicalIds(resource.Properties.ApiId, template).join() === staffApiId));
  const routes = onStaffApiByImport(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Route'));
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const serviceOfFunctionId = (logicalId: string | undefined) => (logicalId ? functions[logicalId]?.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME : undefined);

  describe('HTTP API routes', () => {
    it('has exactly one route per ROUTES and PUBLIC_ROUTES entry, with the same route keys, all on the staff API', () => {
      // Act
      const keys = Object.values(routes).map((route) => route.Properties.RouteKey as string);

      // Assess
      expect(keys.sort()).toEqual([...ROUTES, ...PUBLIC_ROUTES].map(routeKey).sort());
      expect(Object.keys(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Route'))).toHaveLength(keys.length);
      // The stateless stack holds the API and its stage, no route of it.
      expect(onStaffApi(resourcesOf(template, 'AWS::ApiGatewayV2::Route'))).toEqual({});
    });

    it('protects EVERY route with the one Cognito JWT authorizer but the public ones (the unsubscribe link), which have none', () => {
      // Prepare
      const authorizers = onStaffApiByImport(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Authorizer'));
      const [authorizerId] = Object.keys(authorizers);

      // Act
      const unprotected = Object.values(routes).filter(
        (route) => route.Properties.AuthorizationType !== 'JWT' || logicalIdOf(route.Properties.AuthorizerId) !== authorizerId,
      );

      // Assess
      expect(Object.keys(authorizers)).toHaveLength(1);
      expect(unprotected.map((route) => route.Properties.RouteKey).sort()).toEqual(PUBLIC_ROUTES.map(routeKey).sort());
      expect(unprotected.every((route) => route.Properties.AuthorizationType === 'NONE')).toBe(true);
    });

    it('pins the authorizer to the user pool issuer and the one app client', () => {
      // Act
      const [authorizer] = Object.values(onStaffApiByImport(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Authorizer')));

      // Assess
      expect(authorizer?.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
      expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(1);
      expect(JSON.stringify(authorizer?.Properties.JwtConfiguration.Issuer)).toContain('https://cognito-idp.');
    });

    it('sends each route to the function of its feature', () => {
      // Prepare
      const integrations = onStaffApiByImport(resourcesOf(apiRoutesTemplate, 'AWS::ApiGatewayV2::Integration'));

      // Act — the integration's URI is the function's ARN, formatted from the name the stateless stack exports.
      const served = Object.values(routes).map((route) => {
        const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
        const [fnId, ...others] = importedLogicalIds(integrations[integrationId]?.Properties.IntegrationUri, template);
        return { key: route.Properties.RouteKey, service: others.length === 0 ? serviceOfFunctionId(fnId) : `several: ${fnId}, ${others.join()}` };
      });

      // Assess
      expect(served.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
        [...ROUTES, ...PUBLIC_ROUTES].map((route) => ({ key: routeKey(route), service: `crm-${route.fn}` })).sort((a, b) => a.key.localeCompare(b.key)),
      );
    });

    it('lets API Gateway invoke each routed function from this API only, with one permission per function', () => {
      // Prepare
      const routedFunctions = new Set([...ROUTES, ...PUBLIC_ROUTES].map((route) => route.fn));
      const permissions = Object.values(resourcesOf(apiRoutesTemplate, 'AWS::Lambda::Permission'));

      // Act
      const invoked = permissions.map((permission) => serviceOfFunctionId(importedLogicalIds(permission.Properties.FunctionName, template)[0]));

      // Assess
      expect(invoked.sort()).toEqual([...routedFunctions].map((fn) => `crm-${fn}`).sort());
      for (const permission of permissions) {
        expect(permission.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
        expect(importedLogicalIds(permission.Properties.SourceArn, template)).toEqual([staffApiId]);
        expect(JSON.stringify(permission.Properties.SourceArn)).toContain('/*/*/*');
      }
    });

    it('answers CORS preflight for the configured origins, CRM headers and route-table methods only', () => {
      // Act
      const api = apis[staffApiId!];
      const cors = api?.Properties.CorsConfiguration;

      // Assess
      expect(cors.AllowOrigins).toEqual(['http://localhost:5173']);
      expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key']));
      expect(cors.ExposeHeaders).toEqual(expect.arrayContaining(['ETag', 'Location']));
      expect([...cors.AllowMethods].sort()).toEqual([...new Set(ROUTES.map((route) => route.method))].sort());
    });
  });

  describe('$default stage', () => {
    it('is the only stage, auto-deployed, throttled', () => {
      // Act
      const stages = Object.values(onStaffApi(resourcesOf(template, 'AWS::ApiGatewayV2::Stage')));

      // Assess
      expect(stages).toHaveLength(1);
      expect(stages[0]?.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
      expect(stages[0]?.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(stages[0]?.Properties.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    });

    it('writes JSON access logs with the request facts and no headers or tokens', () => {
      // Act
      const [stage] = Object.values(onStaffApi(resourcesOf(template, 'AWS::ApiGatewayV2::Stage')));
      const { DestinationArn, Format } = stage?.Properties.AccessLogSettings ?? {};
      const fields = JSON.parse(Format as string) as Record<string, string>;

      // Assess
      expect(logicalIdOf(DestinationArn)).toMatch(/AccessLogs/);
      expect(Object.keys(fields)).toEqual(
        expect.arrayContaining(['requestId', 'ip', 'requestTime', 'httpMethod', 'routeKey', 'status', 'protocol', 'responseLength', 'integrationLatency', 'authorizerError']),
      );
      expect(Format).not.toMatch(/header|querystring|\$context\.authorizer\.claims|jwt/i);
    });
  });

  describe('functions', () => {
    it('has one function per feature and per scheduled job', () => {
      expect(Object.keys(functions)).toHaveLength(FEATURE_FUNCTIONS.length + Object.keys(SCHEDULED_JOBS).length + 5); // + the import and export jobs, the attachment check, the domain events' publisher and the webhook dispatcher (lib/constructs/imports.ts, exports.ts, attachments.ts, domain-events.ts, webhooks.ts)
    });

    it.each(FEATURE_FUNCTIONS)('%s runs nodejs22.x or newer on arm64 with JSON logs, tracing and its configuration', (name) => {
      // Act
      const fn = Object.values(functions).find((candidate) => candidate.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `crm-${name}`);
      const properties = fn?.Properties ?? {};

      // Assess
      expect(Number(/^nodejs(\d+)\.x$/.exec(properties.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' });
      expect(logicalIdOf(properties.LoggingConfig.LogGroup)).toBeDefined();
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(properties.Timeout).toBeLessThan(30);
      expect(Object.keys(properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'USER_POOL_ID', 'CURSOR_SIGNING_KEY', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS']),
      );
      // Lambda sets AWS_REGION itself and rejects it as a user variable.
      expect(properties.Environment.Variables).not.toHaveProperty('AWS_REGION');
    });

    it('has one IAM role per function, never shared', () => {
      // Act
      const roleIds = Object.values(functions).map((fn) => logicalIdOf(fn.Properties.Role));
      const lambdaRoles = Object.values(resourcesOf(template, 'AWS::IAM::Role')).filter((role) =>
        JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
      );

      // Assess (the scheduler's roles are asserted in test/cdk/schedule.test.ts)
      expect(lambdaRoles).toHaveLength(Object.keys(functions).length);
      expect(new Set(roleIds).size).toBe(Object.keys(functions).length);
    });
  });

  describe('IAM', () => {
    const statements = policyStatements(statefulTemplate, template);
    const dynamoStatements = statements.filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));

    it('never grants dynamodb:* or *, nor Scan', () => {
      // Act
      const actions = statements.flatMap((statement) => asArray(statement.Action));

      // Assess
      expect(actions).not.toContain('*');
      expect(actions).not.toContain('dynamodb:*');
      expect(actions).not.toContain('dynamodb:Scan');
    });

    it('never grants DynamoDB on a wildcard resource', () => {
      // Act
      const resources = dynamoStatements.flatMap((statement) => asArray(statement.Resource));

      // Assess
      expect(dynamoStatements.length).toBeGreaterThan(0);
      expect(resources).not.toContain('*');
      for (const resource of resources) expect(JSON.stringify(resource)).not.toMatch(/\*/);
    });

    it('never grants Cognito on a wildcard action or resource', () => {
      // Act
      const cognito = statements.filter((statement) => asArray(statement.Action).some((action) => action.startsWith('cognito-idp:')));

      // Assess
      for (const statement of cognito) {
        expect(asArray(statement.Action).join()).not.toMatch(/\*/);
        expect(JSON.stringify(statement.Resource)).not.toMatch(/\*/);
      }
    });

    it.each(FEATURE_FUNCTIONS)('gives %s exactly the table access and Cognito actions of FUNCTION_ACCESS', (name) => {
      // Prepare
      const access = FUNCTION_ACCESS[name];
      const fn = Object.values(functions).find((candidate) => candidate.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `crm-${name}`);
      const roleId = logicalIdOf(fn?.Properties.Role);

      // Act
      const ownStatements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
        .filter((policy) => policy.Properties.Roles.some((role: unknown) => logicalIdOf(role) === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        // The portal function's actions on the PORTAL pool are PORTAL_POOL_ACTIONS (test/cdk/portal.test.ts).
        .filter((statement) => !JSON.stringify(statement.Resource).includes('PortalAuth'));
      const actions = new Set(ownStatements.flatMap((statement) => asArray(statement.Action)));

      // Assess
      expect(actions.has('dynamodb:Query')).toBe(true);
      expect(actions.has('dynamodb:PutItem')).toBe(access.table === 'readWrite');
      expect([...actions].filter((action) => action.startsWith('cognito-idp:')).sort()).toEqual([...access.userPoolActions].sort());
    });
  });

  describe('outputs', () => {
    it('publishes what a client needs', () => {
      expect(Object.keys(template.findOutputs('*'))).toEqual(
        expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'Region']),
      );
    });
  });
});
