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

export interface CrmAttachmentsProps {
  readonly table: ITableV2;
  readonly userPool: IUserPool;
  /** The files bucket is found by its name (lib/constructs/files.ts, filesBucketName), not imported from the stack. */
  readonly namePrefix: string;
  /** The API side (functions/attachments/index.ts): records attachments, signs their uploads and downloads. */
  readonly api: CrmFunction;
  /** Where a check that failed every retry ends up (the scheduled jobs' dead-letter queue). */
  readonly deadLetterQueue: IQueue;
}

/**
 * The check after an attachment upload (functions/attachments/attachment-check.handler.ts) and what starts it: an
 * EventBridge rule on the files bucket's `Object Created` events under `attachments/`. Grants, per prefix: the API
 * side may PutObject (its presigned upload) and GetObject (its presigned download) under attachments/ only; the
 * check may GetObject (HeadObject and the ranged read of the first bytes) and DeleteObject (a rejected file) there
 * only. Neither touches imports/ or exports/.
 */
export class CrmAttachments extends Construct {
  readonly check: CrmFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: CrmAttachmentsProps) {
    super(scope, id);
    const filesBucket = Bucket.fromBucketName(this, 'FilesBucket', filesBucketName(props.namePrefix));
    const check = new CrmFunction(this, 'job-attachment-check', {
      name: 'attachment-check',
      entry: `${PROJECT_ROOT}functions/attachments/attachment-check.handler.ts`,
      description: 'CRM attachment check: after an upload, compares the object with what was declared (size, magic bytes)',
      table: props.table,
      userPool: props.userPool,
      // A HeadObject, a 4 KiB ranged GET and one transaction.
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { FILES_BUCKET: filesBucket.bucketName },
    });
    // The attachment item's status and its audit entry.
    check.bindTable(props.table, { access: 'readWrite' });
    check.bindBucketPrefix(filesBucket, FILE_AREAS.attachments, ['s3:GetObject', 's3:DeleteObject']);
    check.retryAsyncInvocations(props.deadLetterQueue);

    props.api.bindBucketPrefix(filesBucket, FILE_AREAS.attachments, ['s3:PutObject', 's3:GetObject']);
    props.api.addEnvironment('FILES_BUCKET', filesBucket.bucketName);

    this.rule = new Rule(this, 'AttachmentUploaded', {
      description: 'An attachment was uploaded: check it against what was declared',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [filesBucket.bucketName] }, object: { key: [{ prefix: `${FILE_AREAS.attachments}/` }] } },
      },
      targets: [new LambdaTarget(check.function, { retryAttempts: 2, maxEventAge: Duration.hours(2), deadLetterQueue: props.deadLetterQueue })],
    });
    // The one wildcard: the objects under attachments/, whose keys are attachment ids not known at deploy time.
    const attachmentObjects = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.namePrefix}-files-<AWS::AccountId>-<AWS::Region>/${FILE_AREAS.attachments}/*]`;
    for (const fn of [check, props.api]) {
      fn.acknowledgeAccess(
        attachmentObjects,
        'Attachments are stored as attachments/<attachment id>, one object per attachment, created at run time: the grant ' +
          'covers exactly that prefix of the files bucket (the API side PutObject and GetObject for its presigned upload and ' +
          'download, the check GetObject to read the object and DeleteObject to remove a rejected one), never the imports or exports areas.',
      );
    }
    this.check = check;
  }
}
