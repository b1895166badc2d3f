import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListGroupsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROLES } from '#shared/auth/roles';
import { TABLE_DEFINITION } from '#shared/db/table-definition';
import { ensureTable } from '#local/bootstrap-table';
import { DEMO_PASSWORD, getTokens } from '#local/cognito-local';
import { localCognitoClient, localDynamoDbClient } from '#local/local-aws';
import { ddbClient, useLocalStack } from '#test/support/e2e';

/** What the global setup bootstrapped must match the shared definitions the CDK stack uses too. */
const info = useLocalStack();
const dynamodb = ddbClient();
const cognito = localCognitoClient(info.cognitoEndpoint);
afterAll(() => {
  dynamodb.destroy();
  cognito.destroy();
});

describe('the table on DynamoDB Local', () => {
  it('has the keys and every GSI of TABLE_DEFINITION', async () => {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: info.tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
    expect(Object.keys(indexes).sort()).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName).sort());
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      expect(indexes[index.indexName]?.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      expect(indexes[index.indexName]?.Projection?.ProjectionType).toBe('ALL');
    }
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamView });
  });

  it('has TTL on the shared attribute', async () => {
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: info.tableName }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TABLE_DEFINITION.timeToLiveAttribute });
  });

  it('bootstraps idempotently: a second run changes nothing', async () => {
    await expect(ensureTable(dynamodb, info.tableName)).resolves.toEqual({ created: false, addedIndexes: [], ttl: 'enabled' });
  });
});

describe('the scratch DynamoDB Local for files with tables of their own', () => {
  it('is a second instance, apart from the one holding the run\'s table', async () => {
    // Prepare
    const scratch = localDynamoDbClient(inject('scratchDynamodbEndpoint'));

    try {
      // Act
      const { TableNames } = await scratch.send(new ListTablesCommand({}));

      // Assess
      expect(inject('scratchDynamodbEndpoint')).not.toBe(info.dynamodbEndpoint);
      expect(TableNames ?? []).not.toContain(info.tableName);
    } finally {
      scratch.destroy();
    }
  });
});

describe('the user pool on cognito-local', () => {
  it('has the four role groups', async () => {
    const { Groups = [] } = await cognito.send(new ListGroupsCommand({ UserPoolId: info.userPoolId }));
    expect(Groups.map((group) => group.GroupName).sort()).toEqual([...ROLES].sort());
  });

  it('has one demo user per role plus a second account manager', () => {
    expect(info.users.map(({ username, group }) => [username, group])).toEqual([
      ['admin', 'admin'],
      ['sales', 'sales-manager'],
      ['am1', 'account-manager'],
      ['am2', 'account-manager'],
      ['exec', 'executive'],
    ]);
  });

  it.each(info.users.map((user) => [user.username, user.group] as const))(
    '%s signs in with the demo password (USER_PASSWORD_AUTH) and carries group %s in both tokens',
    async (username, group) => {
      const tokens = await getTokens(info.cognitoEndpoint, info.clientId, username, DEMO_PASSWORD);
      const id = decodeJwt(tokens.idToken);
      const access = decodeJwt(tokens.accessToken);
      expect(id).toMatchObject({ iss: info.issuer, aud: info.clientId, 'cognito:username': username, token_use: 'id' });
      expect(access).toMatchObject({ iss: info.issuer, client_id: info.clientId, username, token_use: 'access' });
      expect(id['cognito:groups']).toEqual([group]);
      expect(access['cognito:groups']).toEqual([group]);
      expect(info.issuer).toBe(`${info.cognitoEndpoint}/${info.userPoolId}`);
    },
  );

  it('refuses a wrong password', async () => {
    await expect(getTokens(info.cognitoEndpoint, info.clientId, 'am1', 'wrong-password')).rejects.toThrow();
  });
});
