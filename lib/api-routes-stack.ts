import { ArnFormat, Stack, type StackProps } from 'aws-cdk-lib';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { FEATURE_FUNCTIONS, type FeatureFunction } from '#shared/routes';
import { CrmApiRoutes } from '#lib/constructs/api-routes';
import type { CrmStatefulStack } from './stateful-stack';
import type { CrmStatelessStack } from './stateless-stack';

export interface CrmApiRoutesStackProps extends StackProps {
  /** The user pool and app client of the authorizer. */
  readonly stateful: CrmStatefulStack;
  /** The staff HTTP API (its id) and the feature functions (their names). */
  readonly stateless: CrmStatelessStack;
}

/**
 * The staff API's routes (one per route of shared/routes.ts), its JWT authorizer, one Lambda integration and one invoke
 * permission per feature function: the part of the app that grows with every route, in a stack of its own so that
 * years of routes fit under CloudFormation's 500 resources per stack (test/cdk/stack-limits.test.ts).
 *
 * It reads from the stateless stack only the API's id and each feature function's NAME (a function's ARN is formatted
 * here from its name; cross-stack references are weak, cdk.json: outputs read with Fn::GetStackOutput, no export), so
 * the functions' stack never depends on this one: no cycle, and `cdk deploy --all` deploys stateful → stateless →
 * api-routes.
 */
export class CrmApiRoutesStack extends Stack {
  readonly routes: CrmApiRoutes;

  constructor(scope: Construct, id: string, props: CrmApiRoutesStackProps) {
    super(scope, id, props);
    const { stateful, stateless } = props;

    const functions = new Map<FeatureFunction, IFunction>(
      FEATURE_FUNCTIONS.map((name) => [
        name,
        LambdaFunction.fromFunctionAttributes(this, `fn-${name}`, {
          functionArn: this.formatArn({
            service: 'lambda',
            resource: 'function',
            resourceName: stateless.functions.get(name)!.function.functionName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          // Same account and region as the stateless stack: the integrations' invoke permissions are created here.
          sameEnvironment: true,
        }),
      ]),
    );

    this.routes = new CrmApiRoutes(this, 'Api', {
      apiId: stateless.api.api.apiId,
      userPool: stateful.userPool,
      client: stateful.userPoolClient,
      functions,
    });
    this.addStackDependency(stateless, 'the routes are added to the staff API and integrate its functions');
  }
}
