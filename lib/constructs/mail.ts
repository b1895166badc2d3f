import { Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface CrmMailProps {
  readonly namePrefix: string;
  /** The address reminder mail is sent from (`-c mailFrom=…`); SES sends it a verification mail on deploy. */
  readonly from: string;
  /** The SES account's send rate the senders keep to (app config `mailMaxPerSecond`); default 14. */
  readonly maxPerSecond?: number;
}

/**
 * Amazon SES v2 for the CRM's own mail (reminders, dunning letters, campaigns): a verified sender identity and a
 * configuration set every send names (reputation metrics, suppression of bounces and complaints). The functions that
 * send get `ses:SendEmail` on exactly these two resources (CrmFunction.bindMail).
 *
 * The configuration set publishes its DELIVERY, BOUNCE and COMPLAINT events to an SNS topic (`events`, encrypted with
 * its own KMS key: SES cannot publish under the AWS managed `aws/sns` key); the campaigns function subscribes to it and
 * records them on the campaign member and the contact's marketing consent
 * (functions/campaigns/campaign-mail-events.handler.ts; mail without a campaign's tags — reminders, dunning — is skipped).
 */
export class CrmMail extends Construct {
  readonly from: string;
  readonly maxPerSecond: number;
  readonly identityArn: string;
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
  /** The delivery, bounce and complaint events of every mail sent through the configuration set. */
  readonly events: Topic;

  constructor(scope: Construct, id: string, props: CrmMailProps) {
    super(scope, id);
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${props.namePrefix}-mail`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.from), configurationSet });
    const key = new Key(this, 'EventsKey', { description: `${props.namePrefix} mail events topic`, enableKeyRotation: true });
    const ses = new ServicePrincipal('ses.amazonaws.com');
    key.grant(ses, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.events = new Topic(this, 'Events', { topicName: `${props.namePrefix}-mail-events`, masterKey: key, enforceSSL: true });
    // The event destination adds the topic policy itself: ses.amazonaws.com may publish, for this configuration set only.
    // (Its id predates the deliveries, issue 19 part 4: kept, so the destination is updated in place, not replaced.)
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.events),
      events: [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.from = props.from;
    this.maxPerSecond = props.maxPerSecond ?? 14;
    this.identityArn = identity.emailIdentityArn;
    this.configurationSetName = configurationSet.configurationSetName;
    this.configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName });
  }
}
