import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCrmApp, type CrmApp } from '#lib/crm-app';
import { PROJECT_ROOT } from '#lib/constructs/crm-function';

/** The feature flags of cdk.json, so that the tests assert on the same templates `cdk synth` produces. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(`${PROJECT_ROOT}cdk.json`, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

export interface CrmTestApp extends CrmApp {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Builds the real app (cdk-nag plugin included) with esbuild bundling skipped — `aws:cdk:bundling-stacks: []`
 * makes the functions' assets skip `bundleFunction` — so a CDK test file runs in seconds. `npm run synth` bundles.
 * The templates are synthesized on first access: an unacknowledged cdk-nag error makes that synthesis throw, and
 * the cdk-nag test must be able to inspect the app (and report the findings) without tripping over it first.
 */
export const buildTestApp = (context: Record<string, unknown> = {}): CrmTestApp => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  const crm = buildCrmApp(app);
  let stateful: Template | undefined;
  let stateless: Template | undefined;
  return {
    ...crm,
    app,
    get statefulTemplate() {
      return (stateful ??= Template.fromStack(crm.stateful));
    },
    get statelessTemplate() {
      return (stateless ??= Template.fromStack(crm.stateless));
    },
  };
};

type CfnResources = Record<string, { Type: string; Properties: Record<string, any>; [key: string]: any }>;

/** Resources of one type, by logical id (a typed wrapper over Template.findResources). */
export const resourcesOf = (template: Template, type: string): CfnResources => template.findResources(type) as CfnResources;

/** IAM statements of every policy in the templates, as plain objects. */
export const policyStatements = (...templates: Template[]): Array<{ Action: string | string[]; Resource: unknown; Effect: string }> =>
  templates.flatMap((template) =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement),
  );

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
