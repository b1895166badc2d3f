import { App } from 'aws-cdk-lib';
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
    const { stateful, stateless } = buildTestApp({ stage: 'prod' });

    // Assess
    expect(stateful.stackName).toBe('crm-prod-stateful');
    expect(stateless.stackName).toBe('crm-prod-stateless');
    expect(stateful.terminationProtection).toBe(true);
    expect(stateless.terminationProtection).toBe(false);
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
