import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface PortalAuthProps {
  readonly namePrefix: string;
}

/**
 * Customer portal identities (issue 21): a SECOND user pool, never the staff pool. Its users are customers' people,
 * invited by staff (no self sign-up) and signing in with their e-mail address. The pool has no groups, so no token of
 * it can carry a staff role; its app client is the only audience the portal API's authorizer accepts, and the staff
 * API's authorizer accepts only the staff pool's client — a token of one pool is refused by the other's routes.
 */
export class PortalAuth extends Construct {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;

  constructor(scope: Construct, id: string, props: PortalAuthProps) {
    super(scope, id);

    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-portal-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: false },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: 'Your customer portal account',
        emailBody: 'Sign in to the customer portal as {username} with the temporary password {####}.',
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Portal users are customers\' people signing in to follow their own requests and orders: MFA is OPTIONAL (TOTP) ' +
        'because the portal client and cognito-local do not implement the MFA_SETUP / SOFTWARE_TOKEN_MFA challenges yet. ' +
        'Compensating controls: PLUS-plan threat protection blocks or challenges risky sign-ins, a portal user reaches only ' +
        'their own customer\'s records, and staff can disable one at once (their live tokens refused on the next request).',
    });

    this.client = userPool.addClient('PortalClient', {
      userPoolClientName: `${props.namePrefix}-portal`,
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
    });
    this.userPool = userPool;
  }
}
