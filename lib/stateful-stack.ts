import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CrmAuth } from '#lib/constructs/auth';
import { CrmData } from '#lib/constructs/data';
import { CrmFiles } from '#lib/constructs/files';
import { PortalAuth } from '#lib/constructs/portal-auth';

export interface CrmStatefulStackProps extends StackProps {
  /** `<appName>-<stage>`: makes physical names of this deployment recognisable. */
  readonly namePrefix: string;
}

/**
 * Everything that holds data or identities: the table, the cursor signing key, the files bucket, the user pool with
 * its groups and the app client. Kept apart from the stateless stack so that code deployments never replace stateful resources.
 */
export class CrmStatefulStack extends Stack {
  readonly table: ITableV2;
  readonly cursorSigningKey: ISecret;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** Imports, exports, attachments: private, encrypted, reached through presigned URLs (lib/constructs/files.ts). */
  readonly filesBucket: IBucket;
  /** The customer portal's own user pool and app client (issue 21; lib/constructs/portal-auth.ts). */
  readonly portalUserPool: IUserPool;
  readonly portalUserPoolClient: IUserPoolClient;

  constructor(scope: Construct, id: string, props: CrmStatefulStackProps) {
    super(scope, id, props);

    const data = new CrmData(this, 'Data', { namePrefix: props.namePrefix });
    const auth = new CrmAuth(this, 'Auth', { namePrefix: props.namePrefix });

    this.table = data.table;
    this.cursorSigningKey = data.cursorSigningKey;
    this.userPool = auth.userPool;
    this.userPoolClient = auth.client;
    this.filesBucket = new CrmFiles(this, 'Files', { namePrefix: props.namePrefix }).bucket;
    const portalAuth = new PortalAuth(this, 'PortalAuth', { namePrefix: props.namePrefix });
    this.portalUserPool = portalAuth.userPool;
    this.portalUserPoolClient = portalAuth.client;
  }
}
