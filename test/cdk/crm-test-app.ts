import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
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
  /** The staff API's routes, authorizer, integrations and invoke permissions (lib/api-routes-stack.ts). */
  readonly apiRoutesTemplate: Template;
  /** Alarms, their topic, the read guard's alarm, the dashboard (lib/operations-stack.ts). */
  readonly operationsTemplate: Template;
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
  const templates = new Map<string, Template>();
  const templateOf = (stack: Stack): Template => {
    let template = templates.get(stack.stackName);
    if (!template) templates.set(stack.stackName, (template = Template.fromStack(stack)));
    return template;
  };
  return {
    ...crm,
    app,
    get statefulTemplate() {
      return templateOf(crm.stateful);
    },
    get statelessTemplate() {
      return templateOf(crm.stateless);
    },
    get apiRoutesTemplate() {
      return templateOf(crm.apiRoutes);
    },
    get operationsTemplate() {
      return templateOf(crm.operations);
    },
  };
};

/**
 * The logical ids, in the producing stack's template, behind every cross-stack reference in `value`: what a route's
 * function, an alarm's function or an operations widget's API points at. cdk.json makes cross-stack references weak
 * (`@aws-cdk/core:defaultCrossStackReferences`: `Fn::GetStackOutput` of a published output, no export to lock);
 * `Fn::ImportValue` of an export is read too.
 */
export const importedLogicalIds = (value: unknown, producing: Template): string[] => {
  const outputs = (producing.toJSON().Outputs ?? {}) as Record<string, { Value: any; Export?: { Name: string } }>;
  const idOf = (output: { Value: any } | undefined) => output?.Value?.Ref ?? output?.Value?.['Fn::GetAtt']?.[0];
  const byExportName = new Map(Object.values(outputs).filter((output) => output.Export).map((output) => [output.Export!.Name, idOf(output)] as const));
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, any>;
    if (typeof record['Fn::ImportValue'] === 'string') found.push(byExportName.get(record['Fn::ImportValue']) ?? `<no export ${record['Fn::ImportValue']}>`);
    else if (record['Fn::GetStackOutput']) found.push(idOf(outputs[record['Fn::GetStackOutput'].OutputName]) ?? `<no output ${record['Fn::GetStackOutput'].OutputName}>`);
    else Object.values(record).forEach(visit);
  };
  visit(value);
  return found;
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
