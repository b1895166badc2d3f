import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FILE_AREAS } from '#shared/files/file-keys';

export interface CrmFilesProps {
  readonly namePrefix: string;
}

/**
 * The files bucket's name: `<prefix>-files-<account>-<region>` (pseudo parameters, so one definition fits every
 * account). The stateless stack derives the same name instead of importing the bucket from this stack: its IAM
 * statements then name `arn:…:s3:::<name>/imports/*` literally (cdk-nag acknowledges exactly that prefix, see
 * lib/constructs/imports.ts), and no cross-stack export ties the two stacks together.
 */
export const filesBucketName = (namePrefix: string): string => `${namePrefix}-files-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/**
 * The files bucket (imports, exports, attachments): private, encrypted, TLS only, objects written and read only
 * through presigned URLs the functions sign (15 minutes, shared/files/file-store.ts). Its object-created events go
 * to EventBridge (not to a bucket notification): the rule and the job it starts live in the stateless stack, and a
 * bucket notification would tie this stack to that function (a cross-stack cycle). RETAIN like the table.
 */
export class CrmFiles extends Construct {
  readonly bucket: IBucket;
  readonly accessLogs: IBucket;

  constructor(scope: Construct, id: string, props: CrmFilesProps) {
    super(scope, id);

    // Server access logs of the files bucket (who fetched which export, cdk-nag S1), kept for a year.
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the server access logs of the files bucket; logging its own accesses would need a ' +
        'third bucket and so on without end. Only the S3 logging service writes here, and nothing reads it but operators.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: filesBucketName(props.namePrefix),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${props.namePrefix}/files/`,
      lifecycleRules: [
        // A presigned upload that was started and never finished leaves parts that cost money and show nowhere.
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Import files are needed until the import can no longer be reverted (7 days), plus a margin.
        { id: 'expire-imports', prefix: `${FILE_AREAS.imports}/`, expiration: Duration.days(30) },
        // Exports are handed out once through a 15-minute link: a day is enough to fetch them again.
        { id: 'expire-exports', prefix: `${FILE_AREAS.exports}/`, expiration: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object-created events to EventBridge, set on the bucket itself: `eventBridgeEnabled: true` would add a custom
    // resource (a Lambda function with a managed policy) only to set this one property.
    (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    this.accessLogs = accessLogs;
  }
}
