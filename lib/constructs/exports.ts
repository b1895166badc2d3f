import { Duration } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FILE_AREAS } from '#shared/files/file-keys';
import { CrmFunction, PROJECT_ROOT } from './crm-function';
import { filesBucketName } from './files';

export interface CrmExportsProps {
  readonly table: ITableV2;
  readonly userPool: IUserPool;
  /** The files bucket is found by its name (lib/constructs/files.ts, filesBucketName), not imported from the stack. */
  readonly namePrefix: string;
  /** The API side (functions/exports/index.ts): records exports, starts the job, signs the download. */
  readonly api: CrmFunction;
  /** Where a job step that failed every retry ends up (the scheduled jobs' dead-letter queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * The export job (functions/exports/export-job.handler.ts), started by the API side with an asynchronous invoke and
 * continued by itself (docs/import-export.md, "How the job runs"); Lambda's asynchronous retries end in the
 * dead-letter queue. Grants: the job may only write objects under exports/ (PutObject covers the multipart upload's
 * parts and its completion; AbortMultipartUpload drops a failed one), never read one back; the API side may only
 * GetObject there (what its presigned download needs) and invoke the job. Neither touches imports/ or attachments/.
 */
export class CrmExports extends Construct {
  readonly job: CrmFunction;

  constructor(scope: Construct, id: string, props: CrmExportsProps) {
    super(scope, id);
    const filesBucket = Bucket.fromBucketName(this, 'FilesBucket', filesBucketName(props.namePrefix));
    const job = new CrmFunction(this, 'job-export', {
      name: 'export-job',
      entry: `${PROJECT_ROOT}functions/exports/export-job.handler.ts`,
      description: 'CRM export job: writes a list (customers, contacts, activities, orders) to CSV/XLSX in the files bucket',
      table: props.table,
      userPool: props.userPool,
      // A CSV step hands over after 60 s; an .xlsx export runs in one invocation (1,000,000 rows: minutes).
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: { FILES_BUCKET: filesBucket.bucketName, EXPORT_JOB_SELF: 'true' },
    });
    // Its export item (status, checkpoint) and the export quota's counter are its only writes; everything else it reads
    // through the features' list Queries.
    job.bindTable(props.table, { access: 'readWrite' });
    job.bindBucketPrefix(filesBucket, FILE_AREAS.exports, ['s3:PutObject', 's3:AbortMultipartUpload']);
    job.allowSelfInvoke();
    job.retryAsyncInvocations(props.deadLetterQueue);

    props.api.bindBucketPrefix(filesBucket, FILE_AREAS.exports, ['s3:GetObject']);
    props.api.addEnvironment('FILES_BUCKET', filesBucket.bucketName);
    props.api.addEnvironment('EXPORT_JOB_FUNCTION', job.function.functionName);
    props.api.bindInvoke(job.function);

    // The one wildcard: the objects under exports/, whose keys are export ids not known at deploy time.
    const exportsObjects = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.namePrefix}-files-<AWS::AccountId>-<AWS::Region>/${FILE_AREAS.exports}/*]`;
    for (const fn of [job, props.api]) {
      fn.acknowledgeAccess(
        exportsObjects,
        'Export files are stored as exports/<export id>.<csv|xlsx>, one object per export, created at run time: the grant ' +
          'covers exactly that prefix of the files bucket (the job PutObject and AbortMultipartUpload to write the file, ' +
          'the API side GetObject for its presigned download), never the imports or attachments areas.',
      );
    }
    this.job = job;
  }
}
