import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Policy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
  type IFunction,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { TABLE_DEFINITION, type IndexName } from '#shared/db/table-definition';
import { bundleFunction } from '#lib/function-bundling';

/** The repository root: entries, package-lock.json and package.json "imports" are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `functions/<name>/index.ts`, the module whose `handler` export Lambda invokes (and the local gateway imports). */
export const functionEntry = (name: string): string => `${PROJECT_ROOT}functions/${name}/index.ts`;

/**
 * The function's code: `bundleFunction` (lib/function-bundling.ts, code splitting) run as CDK local bundling,
 * the asset hashed by its output. The image is never used: local bundling either succeeds or throws. Synth with
 * `aws:cdk:bundling-stacks` empty (the CDK tests) skips it, as it skipped NodejsFunction's esbuild step.
 */
const bundledCode = (entry: string): Code =>
  Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      // CDK reuses a bundle across assets whose source path and bundling options are equal, and the only other
      // difference is a closure, which its cache key cannot see: without the entry in the options, every function
      // would ship the first function's bundle (test/cdk/function-bundling.test.ts). Docker would get it as a
      // variable; the image is never run.
      environment: { CRM_FUNCTION_ENTRY: relative(PROJECT_ROOT, entry) },
      local: {
        tryBundle: (outputDir) => {
          bundleFunction(entry, outputDir, PROJECT_ROOT);
          return true;
        },
      },
    },
  });

export type TableAccess = 'read' | 'readWrite';

/** A specific Cognito action; a wildcard is rejected at synth time. */
export type CognitoAction = `cognito-idp:${string}`;

// Every data-plane action a request path needs, and nothing else: no Scan (no request path scans: docs/data-model.md),
// no DescribeTable, no BatchWriteItem. TransactWriteItems has no IAM action of its own: it is authorized per item
// by PutItem / UpdateItem / DeleteItem / ConditionCheckItem, which these lists already contain.
const TABLE_READ_ACTIONS: `dynamodb:${string}`[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const TABLE_WRITE_ACTIONS: `dynamodb:${string}`[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const INDEX_READ_ACTIONS = ['dynamodb:Query'];

/** Audit entries live in partitions `AUDIT#<type>#<id>` (shared/audit/audit.keys.ts). */
export const AUDIT_PARTITION_PATTERN = 'AUDIT#*';
/**
 * What no function may do to an audit entry: change or remove it. Transaction elements are authorized by these
 * same actions, item by item, so a Deny here also holds inside TransactWriteItems. BatchWriteItem and PartiQL are
 * granted to no function today; they are denied too, so a later grant cannot open a side door.
 * PutItem is NOT denied: entries are written with it. IAM has no condition key for a ConditionExpression, so it
 * cannot tell "put once" from "overwrite"; the `attribute_not_exists(pk)` condition on every audit Put does
 * (shared/audit/audit.writes.ts). docs/data-model.md, "Audit trail", says what IAM does and does not enforce.
 */
export const AUDIT_IMMUTABLE_ACTIONS: `dynamodb:${string}`[] = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

export interface CrmFunctionProps {
  /** The feature name: `functions/<name>/index.ts` is the entry and `crm-<name>` the Powertools service name. */
  readonly name: string;
  /** @default functionEntry(name) — scheduled jobs name their handler module here. */
  readonly entry?: string;
  /** Only for the configuration environment; permissions come from `bindTable`. */
  readonly table: ITableV2;
  /** Only for the configuration environment; permissions come from `bindUserPool`. Omitted by jobs that need neither. */
  readonly userPool?: IUserPool;
  /** API functions sign list cursors; scheduled jobs have no cursors and do not get the key. */
  readonly cursorSigningKey?: ISecret;
  /** Further configuration variables (e.g. a job's settings). */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 1024 — more memory is also more CPU; 1 GB keeps cold starts of the bundled handler short. */
  readonly memorySize?: number;
  /** @default 10 s — below API Gateway's 30 s integration timeout, so a stuck call fails in Lambda and is logged. */
  readonly timeout?: Duration;
  readonly description?: string;
}

/**
 * One CRM Lambda function with every default in one place: runtime, architecture, bundling, structured logs,
 * tracing, its own log group and an execution role that holds only what `bindTable` / `bindUserPool` grant.
 */
export class CrmFunction extends Construct {
  readonly function: IFunction;
  private readonly lambda: LambdaFunction;
  /** The function's own log group: metric filters on its structured logs attach here (e.g. the read guard's alarm). */
  readonly logGroup: ILogGroup;
  private readonly role: Role;
  /** Data-access grants live in their own policy, apart from the X-Ray statement in the role's default policy. */
  private readonly accessPolicy: Policy;

  constructor(scope: Construct, id: string, props: CrmFunctionProps) {
    super(scope, id);

    const entry = props.entry ?? functionEntry(props.name);
    if (!existsSync(entry)) throw new Error(`CrmFunction ${props.name}: entry ${entry} does not exist`);

    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: RetentionDays.ONE_MONTH,
      // Operational logs only (no personal data by design): nothing to keep once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup = logGroup;

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy, which allows writing to any log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the CRM ${props.name} function`,
      // On the role itself, from its creation: every function (API and scheduled job) gets it, whatever it is
      // granted later, and an explicit Deny wins over any Allow.
      inlinePolicies: {
        AuditTrailImmutable: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.DENY,
              actions: AUDIT_IMMUTABLE_ACTIONS,
              resources: [props.table.tableArn],
              conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION_PATTERN] } },
            }),
          ],
        }),
      },
    });
    logGroup.grantWrite(this.role);
    this.accessPolicy = new Policy(this, 'AccessPolicy', { roles: [this.role] });

    this.function = this.lambda = new LambdaFunction(this, 'Function', {
      code: bundledCode(entry),
      handler: 'index.handler',
      description: props.description ?? `CRM ${props.name} API`,
      // The newest Node.js runtime Lambda offers (cdk-nag AwsSolutions-L1 checks for it).
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      environment: {
        TABLE_NAME: props.table.tableName,
        ...(props.userPool ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
        // Trade-off: the key is resolved by CloudFormation at deploy time and is visible in the function
        // configuration to anyone allowed lambda:GetFunctionConfiguration. Acceptable because the key only makes
        // list cursors tamper-evident — authorization never relies on it — and it saves a Secrets Manager call
        // (latency, cost, an extra failure mode) on every cold start.
        ...(props.cursorSigningKey ? { CURSOR_SIGNING_KEY: props.cursorSigningKey.secretValue.unsafeUnwrap() } : {}),
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `crm-${props.name}`,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });

    // Grants are added after construction; make sure they are attached before the function can be invoked.
    this.function.node.addDependency(this.accessPolicy);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords to the default policy; these X-Ray ' +
        'actions do not support resource-level permissions, so Resource "*" is the only valid value. Table and user ' +
        'pool grants live in the separate AccessPolicy and never use a wildcard (asserted by test/cdk).',
    });
  }

  /** Least-privilege data access to the table and, by name, to each of its indexes (no `index/*` wildcard). */
  bindTable(table: ITableV2, options: { access: TableAccess }): void {
    const tableActions = options.access === 'readWrite' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
    this.bindTableActions(table, {
      tableActions,
      indexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName),
    });
  }

  /**
   * Exactly these actions on the table, and Query on exactly these indexes (by name): for functions that need
   * less than `read` / `readWrite`, such as a scheduled job that reads one index and never deletes.
   */
  bindTableActions(table: ITableV2, options: { tableActions: readonly `dynamodb:${string}`[]; indexes: readonly IndexName[] }): void {
    const wildcard = options.tableActions.find((action) => action.includes('*'));
    if (wildcard) throw new Error(`CrmFunction: wildcard DynamoDB action ${wildcard} is not allowed`);
    this.accessPolicy.addStatements(new PolicyStatement({ actions: [...options.tableActions], resources: [table.tableArn] }));
    if (options.indexes.length > 0) {
      this.accessPolicy.addStatements(
        new PolicyStatement({
          actions: INDEX_READ_ACTIONS,
          resources: options.indexes.map((indexName) => `${table.tableArn}/index/${indexName}`),
        }),
      );
    }
  }

  /** `ses:SendEmail` from exactly one sender identity with exactly one configuration set (lib/constructs/mail.ts). */
  bindMail(mail: { readonly identityArn: string; readonly configurationSetArn: string }): void {
    this.accessPolicy.addStatements(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [mail.identityArn, mail.configurationSetArn] }));
  }

  /** `events:PutEvents` on exactly one event bus (the domain events' publisher, lib/constructs/domain-events.ts). */
  bindPutEvents(busArn: string): void {
    this.accessPolicy.addStatements(new PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] }));
  }

  /**
   * Lambda's asynchronous invocations of this function (a job's self-invoked steps, a schedule's or a rule's run): 2
   * retries of a failed run within 6 hours, then the event goes to the dead-letter queue (a job is idempotent: a retry
   * only finds what is left). One default for every asynchronously invoked function of the app.
   */
  retryAsyncInvocations(deadLetterQueue: IQueue): void {
    this.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(deadLetterQueue) });
  }

  /** A further configuration variable, set after construction (e.g. the name of another function it invokes). */
  addEnvironment(name: string, value: string): void {
    this.lambda.addEnvironment(name, value);
  }

  /**
   * Specific S3 object actions on one prefix of a bucket (`imports/*`), never the whole bucket: a function that
   * handles imports cannot read an export or an attachment.
   */
  bindBucketPrefix(bucket: IBucket, prefix: string, actions: readonly `s3:${string}`[]): void {
    const wildcard = actions.find((action) => action.includes('*'));
    if (wildcard) throw new Error(`CrmFunction: wildcard S3 action ${wildcard} is not allowed`);
    this.accessPolicy.addStatements(new PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects(`${prefix}/*`)] }));
  }

  /** Acknowledges a cdk-nag finding on this function's data-access grants (its AccessPolicy), with the reason. */
  acknowledgeAccess(id: string, reason: string): void {
    Validations.of(this.accessPolicy).acknowledge({ id, reason });
  }

  /** lambda:InvokeFunction on another function, its unqualified ARN only (no `:*` for every version and alias). */
  bindInvoke(target: IFunction): void {
    this.accessPolicy.addStatements(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }));
  }

  /**
   * lambda:InvokeFunction on this very function (a job that continues itself, asynchronously). In a policy of its own:
   * the function depends on its AccessPolicy, and that policy naming the function's ARN would be a cycle.
   */
  allowSelfInvoke(): void {
    new Policy(this, 'SelfInvokePolicy', {
      roles: [this.role],
      statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });
  }

  /** Specific Cognito administrative actions on one user pool, e.g. `cognito-idp:AdminGetUser`. */
  bindUserPool(userPool: IUserPool, actions: readonly CognitoAction[]): void {
    if (actions.length === 0) return;
    const wildcard = actions.find((action) => action.includes('*'));
    if (wildcard) throw new Error(`CrmFunction: wildcard Cognito action ${wildcard} is not allowed`);
    this.accessPolicy.addStatements(new PolicyStatement({ actions: [...actions], resources: [userPool.userPoolArn] }));
  }
}
