import { Duration } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FILE_AREAS } from '#shared/files/file-keys';
import { CrmFunction, PROJECT_ROOT } from './crm-function';
import { filesBucketName } from './files';

export interface CrmImportsProps {
  readonly table: ITableV2;
  readonly userPool: IUserPool;
  /** The files bucket is found by its name (lib/constructs/files.ts, filesBucketName), not imported from the stack. */
  readonly namePrefix: string;
  /** The API side (functions/imports/index.ts): records imports, signs uploads, starts a revert. */
  readonly api: CrmFunction;
  /** Where a job step that failed every retry ends up (the scheduled jobs' dead-letter queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * The import job (functions/imports/import-job.handler.ts) and what starts it: an EventBridge rule on the files
 * bucket's `Object Created` events under `imports/`, and the job itself (an asynchronous self-invoke per step;
 * docs/import.md, "How the job runs"). Both the rule's delivery and Lambda's asynchronous retries end in the dead-letter
 * queue. Grants: the API side may only PutObject under imports/ (what its presigned PUT needs); the job only
 * GetObject there (HeadObject is authorized by it), and writes the table as the customers function does.
 */
export class CrmImports extends Construct {
  readonly job: CrmFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: CrmImportsProps) {
    super(scope, id);
    const filesBucket = Bucket.fromBucketName(this, 'FilesBucket', filesBucketName(props.namePrefix));
    const job = new CrmFunction(this, 'job-import', {
      name: 'import-job',
      entry: `${PROJECT_ROOT}functions/imports/import-job.handler.ts`,
      description: 'CRM import job: reads an uploaded CSV/XLSX file and writes its rows, a checkpointed step at a time',
      table: props.table,
      userPool: props.userPool,
      // A step stops taking rows after 60 s (functions/imports/imports.container.ts); the rest is margin.
      timeout: Duration.minutes(3),
      memorySize: 1024,
      environment: { FILES_BUCKET: filesBucket.bucketName, IMPORT_JOB_SELF: 'true' },
    });
    job.bindTable(props.table, { access: 'readWrite' });
    // An owner named in the file must be an enabled user who may own customers; the owner's display name.
    job.bindUserPool(props.userPool, ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser']);
    job.bindBucketPrefix(filesBucket, FILE_AREAS.imports, ['s3:GetObject']);
    job.allowSelfInvoke();
    job.retryAsyncInvocations(props.deadLetterQueue);

    props.api.bindBucketPrefix(filesBucket, FILE_AREAS.imports, ['s3:PutObject']);
    props.api.addEnvironment('FILES_BUCKET', filesBucket.bucketName);
    props.api.addEnvironment('IMPORT_JOB_FUNCTION', job.function.functionName);
    props.api.bindInvoke(job.function);

    this.rule = new Rule(this, 'ImportUploaded', {
      description: 'An import file was uploaded: start its import job',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [filesBucket.bucketName] }, object: { key: [{ prefix: `${FILE_AREAS.imports}/` }] } },
      },
      targets: [new LambdaTarget(job.function, { retryAttempts: 2, maxEventAge: Duration.hours(2), deadLetterQueue: props.deadLetterQueue })],
    });
    // The one wildcard: the objects under imports/, whose keys are import ids not known at deploy time.
    const importsObjects = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.namePrefix}-files-<AWS::AccountId>-<AWS::Region>/${FILE_AREAS.imports}/*]`;
    for (const fn of [job, props.api]) {
      fn.acknowledgeAccess(
        importsObjects,
          'Import files are stored as imports/<import id>, one object per import, created at run time: the grant covers ' +
          'exactly that prefix of the files bucket and one action (the API side PutObject for its presigned upload, the ' +
          'job GetObject to read the file), never the exports or attachments areas.',
      );
    }
    this.job = job;
  }
}
