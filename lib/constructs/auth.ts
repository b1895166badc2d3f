import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolGroup,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '#shared/auth/roles';

export interface CrmAuthProps {
  readonly namePrefix: string;
}

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Administrators: users, roles, data dictionary and every business record',
  'sales-manager': 'Sales managers: all customers, transfers, opportunities and reports',
  'account-manager': 'Account managers: the customers they own',
  executive: 'Executives: read-only access and reports',
};

/**
 * Staff identities. Users are created by an administrator (no self sign-up); their Cognito group is their role,
 * and the API trusts only the group claim of a token issued to the app client below.
 */
export class CrmAuth extends Construct {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;

  constructor(scope: Construct, id: string, props: CrmAuthProps) {
    super(scope, id);

    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // Email is how a locked-out member of staff recovers the account, so every user must have one.
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      // Authenticator apps only: SMS MFA would need an SNS role and is weaker against SIM swapping.
      mfaSecondFactor: { otp: true, sms: false },
      // PLUS (billed per monthly active user) buys threat protection: compromised-credential checks and adaptive
      // authentication that blocks or challenges risky sign-ins — the compensating control for optional MFA.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL (TOTP) rather than REQUIRED because the CRM clients and the local stack (cognito-local) do ' +
        'not implement the MFA_SETUP / SOFTWARE_TOKEN_MFA challenges yet, so REQUIRED would lock every new user out. ' +
        'Compensating control: PLUS-plan threat protection is ENFORCED and blocks or challenges risky sign-ins. ' +
        'Switch to Mfa.REQUIRED once the clients support TOTP enrolment.',
    });

    // Precedence follows ROLES order, so a user put in two groups resolves deterministically to the stronger role.
    ROLES.forEach((role, precedence) => {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence,
      });
    });

    this.client = userPool.addClient('AppClient', {
      userPoolClientName: `${props.namePrefix}-app`,
      // Public client (browser / mobile): a client secret could not be kept secret there.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // No hosted UI: clients call InitiateAuth directly, so no OAuth flows or callback URLs are enabled.
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
