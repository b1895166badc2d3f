import { App, type Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_CONFIG, readAppConfig } from '#lib/app-config';
import { buildTestApp, resourcesOf } from './crm-test-app';

describe('app configuration from context', () => {
  it('defaults to the dev stage of the crm app', () => {
    // Act
    const config = readAppConfig(new App());

    // Assess
    expect(config).toEqual(DEFAULT_APP_CONFIG);
  });

  it('names the stacks after app and stage, and protects the prod stateful stack from termination', () => {
    // Act
    const { stateful, stateless, apiRoutes, operations } = buildTestApp({ stage: 'prod' });

    // Assess
    expect(stateful.stackName).toBe('crm-prod-stateful');
    expect(stateless.stackName).toBe('crm-prod-stateless');
    expect(apiRoutes.stackName).toBe('crm-prod-api-routes');
    expect(operations.stackName).toBe('crm-prod-operations');
    expect(stateful.terminationProtection).toBe(true);
    for (const stack of [stateless, apiRoutes, operations]) expect(stack.terminationProtection, stack.stackName).toBe(false);
  });

  it('deploys in one order: stateful, stateless, then the api-routes and operations stacks, which nothing depends on', () => {
    // Act — cross-stack references become dependencies when the app is synthesized.
    const { app, stateful, stateless, apiRoutes, operations } = buildTestApp();
    app.synth();
    const dependsOn = (stack: Stack) => stack.dependencies.map((dependency) => dependency.stackName).sort();

    // Assess
    expect(dependsOn(stateful)).toEqual([]);
    expect(dependsOn(stateless)).toEqual(['crm-dev-stateful']);
    expect(dependsOn(apiRoutes)).toEqual(['crm-dev-stateful', 'crm-dev-stateless']);
    expect(dependsOn(operations)).toEqual(['crm-dev-stateful', 'crm-dev-stateless']);
  });

  it('takes CORS origins from a comma-separated -c value', () => {
    // Act
    const { statelessTemplate } = buildTestApp({ allowedOrigins: 'https://crm.example.com, https://admin.example.com' });
    const [api] = Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Api'));

    // Assess
    expect(api?.Properties.CorsConfiguration.AllowOrigins).toEqual(['https://crm.example.com', 'https://admin.example.com']);
  });

  it.each([['*'], ['crm.example.com'], ['https://crm.example.com/app']])('rejects the origin %s', (origin) => {
    // Prepare
    const app = new App({ context: { allowedOrigins: origin } });

    // Act + Assess
    expect(() => readAppConfig(app)).toThrow(/allowedOrigins/);
  });

  it('rejects a stage name that would make invalid resource names', () => {
    expect(() => readAppConfig(new App({ context: { stage: 'Prod_1' } }))).toThrow(/stage/);
  });
});
