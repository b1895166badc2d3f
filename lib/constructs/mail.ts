import { Stack } from 'aws-cdk-lib';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface CrmMailProps {
  readonly namePrefix: string;
  /** The address reminder mail is sent from (`-c mailFrom=…`); SES sends it a verification mail on deploy. */
  readonly from: string;
  /** The SES account's send rate the senders keep to (app config `mailMaxPerSecond`); default 14. */
  readonly maxPerSecond?: number;
}

/**
 * Amazon SES v2 for the CRM's own mail (reminders; later campaigns and dunning letters): a verified sender identity
 * and a configuration set every send names (reputation metrics, suppression of bounces and complaints). The jobs
 * that send get `ses:SendEmail` on exactly these two resources (CrmFunction.bindMail).
 */
export class CrmMail extends Construct {
  readonly from: string;
  readonly maxPerSecond: number;
  readonly identityArn: string;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: CrmMailProps) {
    super(scope, id);
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${props.namePrefix}-mail`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.from), configurationSet });
    this.from = props.from;
    this.maxPerSecond = props.maxPerSecond ?? 14;
    this.identityArn = identity.emailIdentityArn;
    this.configurationSetName = configurationSet.configurationSetName;
    this.configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName });
  }
}
