import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROLES } from '#shared/auth/roles';
import { TABLE_DEFINITION } from '#shared/db/table-definition';
import { buildTestApp, resourcesOf } from './crm-test-app';

describe('CrmStatefulStack', () => {
  // Prepare (shared): building and synthesizing the app is the expensive part; every test only reads the template.
  const { statefulTemplate: template } = buildTestApp();

  describe('table', () => {
    it('is one on-demand table with the key schema of TABLE_DEFINITION', () => {
      // Act
      const tables = Object.values(resourcesOf(template, 'AWS::DynamoDB::GlobalTable'));

      // Assess
      expect(tables).toHaveLength(1);
      expect(tables[0]?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
        ],
      });
    });

    it('has PITR and deletion protection, and is retained on delete and on replacement', () => {
      // Act + Assess
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          ],
        }),
      });
    });

    it('has the TTL attribute and a NEW_AND_OLD_IMAGES stream', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: TABLE_DEFINITION.streamView },
      });
    });

    it('has exactly the GSIs of TABLE_DEFINITION, string keys, projection ALL', () => {
      // Prepare
      const expected = TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }));
      const keyAttributes = new Set([
        TABLE_DEFINITION.partitionKey,
        TABLE_DEFINITION.sortKey,
        ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ]);

      // Act
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::GlobalTable'));
      const indexes = table?.Properties.GlobalSecondaryIndexes as Array<Record<string, unknown>>;
      const attributes = table?.Properties.AttributeDefinitions as Array<{ AttributeName: string; AttributeType: string }>;

      // Assess
      expect(indexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))).toEqual(expected);
      expect(new Set(attributes.map((attribute) => attribute.AttributeName))).toEqual(keyAttributes);
      expect(attributes.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
    });
  });

  describe('cursor signing key', () => {
    it('is a retained secret with a generated 64-character value', () => {
      template.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }) }),
      });
    });
  });

  describe('user pool', () => {
    it('is admin-managed, username sign-in, strong passwords, optional TOTP MFA, PLUS threat protection, protected', () => {
      template.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          UsernameAttributes: Match.absent(),
          MfaConfiguration: 'OPTIONAL',
          EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
          UserPoolTier: 'PLUS',
          UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
          DeletionProtection: 'ACTIVE',
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: 12,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }),
          },
        }),
      });
    });

    it('has exactly one group per role, named as ROLES', () => {
      // Act
      const groupNames = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);

      // Assess
      expect(groupNames.sort()).toEqual([...ROLES].sort());
    });

    it('has one public app client allowing USER_PASSWORD_AUTH and SRP, hiding user existence', () => {
      // Act (the staff pool's; the portal pool's client is asserted in test/cdk/portal.test.ts)
      const clients = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient')).filter(
        (client) => !JSON.stringify(client.Properties.UserPoolId).includes('PortalAuth'),
      );

      // Assess
      expect(clients).toHaveLength(1);
      expect(clients[0]?.Properties).toMatchObject({
        GenerateSecret: false,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      });
      expect(clients[0]?.Properties.ExplicitAuthFlows).toEqual(
        expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      );
      expect(clients[0]?.Properties.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    });
  });
});
