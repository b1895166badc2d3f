import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '#shared/db/table-definition';

export interface CrmDataProps {
  /** Physical names are left to CloudFormation; the prefix only makes the secret easy to find in the console. */
  readonly namePrefix: string;
}

/**
 * The stateful data of the CRM: the single table and the cursor signing key. Both are RETAIN: a stack
 * deletion or a logical-id change must never drop customer data or invalidate the key silently.
 */
export class CrmData extends Construct {
  readonly table: ITableV2;
  readonly cursorSigningKey: ISecret;

  constructor(scope: Construct, id: string, props: CrmDataProps) {
    super(scope, id);

    // Built from the same TABLE_DEFINITION as the local DynamoDB bootstrap, so keys and indexes cannot drift.
    const string = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: string(TABLE_DEFINITION.partitionKey),
      sortKey: string(TABLE_DEFINITION.sortKey),
      globalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        // Stated explicitly (it is also the default): the repositories read whole items from every index.
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      dynamoStream: StreamViewType[TABLE_DEFINITION.streamView],
    });

    this.cursorSigningKey = new Secret(this, 'CursorSigningKey', {
      secretName: `${props.namePrefix}/cursor-signing-key`,
      description: 'HMAC key that makes CRM list cursors tamper-evident',
      generateSecretString: {
        passwordLength: 64,
        // Letters and digits only: the value travels as an environment variable and must need no escaping.
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.cursorSigningKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The cursor signing key only makes pagination cursors tamper-evident (authorization never relies on it) and is ' +
        'injected into the functions at deploy time; automatic rotation would not reach running functions and would ' +
        'need a rotation Lambda for no security gain. Rotate by updating the secret and redeploying the stateless stack.',
    });
  }
}
