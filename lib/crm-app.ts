import { Tags, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAppConfig, type CrmAppConfig } from './app-config';
import { CrmStatefulStack } from './stateful-stack';
import { CrmStatelessStack } from './stateless-stack';
import { CrmApiRoutesStack } from './api-routes-stack';
import { CrmOperationsStack } from './operations-stack';

export interface CrmApp {
  readonly config: CrmAppConfig;
  readonly stateful: CrmStatefulStack;
  readonly stateless: CrmStatelessStack;
  readonly apiRoutes: CrmApiRoutesStack;
  readonly operations: CrmOperationsStack;
}

/** Account and region from the CLI's credentials when it has any; otherwise environment-agnostic stacks. */
const environmentFromCli = (): Environment | undefined => {
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return account || region ? { account, region } : undefined;
};

/**
 * Builds the whole CRM into an app: used by bin/crm.ts and by the CDK tests, so the tests check exactly what
 * is deployed, cdk-nag included. Four stacks, cut by lifecycle and concern (docs/architecture.md, "Stacks"):
 * stateful (data and identities) ← stateless (code, the APIs and their stages) ← api-routes (the staff API's routes)
 * and ← operations (alarms, dashboard). Each later stack reads names and ids of the earlier ones, never the other
 * way round; `cdk deploy --all` deploys them in that order.
 */
export const buildCrmApp = (app: App): CrmApp => {
  const config = readAppConfig(app);
  const namePrefix = `${config.appName}-${config.stage}`;
  const env = environmentFromCli();

  const stateful = new CrmStatefulStack(app, `${namePrefix}-stateful`, {
    env,
    namePrefix,
    description: `CRM ${config.stage}: table, cursor signing key, user pool (stateful)`,
    // A production table and user pool must not go away with one `cdk destroy`.
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new CrmStatelessStack(app, `${namePrefix}-stateless`, {
    env,
    namePrefix,
    config,
    stateful,
    description: `CRM ${config.stage}: functions, jobs, HTTP APIs and their stages (stateless)`,
  });
  const apiRoutes = new CrmApiRoutesStack(app, `${namePrefix}-api-routes`, {
    env,
    stateful,
    stateless,
    description: `CRM ${config.stage}: the staff HTTP API's routes, authorizer, integrations and invoke permissions`,
  });
  const operations = new CrmOperationsStack(app, `${namePrefix}-operations`, {
    env,
    namePrefix,
    config,
    stateful,
    stateless,
    description: `CRM ${config.stage}: alarms, alarm topic and operations dashboard`,
  });

  Tags.of(app).add('app', config.appName);
  Tags.of(app).add('stage', config.stage);

  // AwsSolutions rules run as a CDK validation plugin at synth: an unacknowledged error fails `cdk synth`.
  // Each accepted finding is acknowledged next to the resource it concerns, with its reason (lib/constructs/*.ts);
  // the acknowledgements are also written into the templates' Metadata (cdk_nag.rules_to_suppress) as audit trail.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));

  return { config, stateful, stateless, apiRoutes, operations };
};
