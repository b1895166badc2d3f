import { describe, expect, it } from 'vitest';
import { AUDIT_PARTITION_PATTERN } from '#lib/constructs/crm-function';
import { SCHEDULED_JOBS } from '#lib/constructs/schedule';
import { FEATURE_FUNCTIONS } from '#shared/routes';
import { asArray, buildTestApp, resourcesOf } from './crm-test-app';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

const logicalIdOf = (reference: any): string | undefined => reference?.Ref ?? reference?.['Fn::GetAtt']?.[0];

/**
 * Audit entries are immutable (issue 8): no function's role may update or delete an item in an `AUDIT#…`
 * partition — API functions and scheduled jobs alike — while every function that writes may still Put new ones.
 */
describe('audit trail immutability (IAM)', () => {
  // Prepare (shared)
  const { statelessTemplate: template } = buildTestApp();
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const roles = resourcesOf(template, 'AWS::IAM::Role');
  const inlineStatementsOf = (roleId: string | undefined): Statement[] =>
    (roles[roleId ?? '']?.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement);
  const attachedStatementsOf = (roleId: string | undefined): Statement[] =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: unknown) => logicalIdOf(role) === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

  it('covers every function: one per feature and per scheduled job', () => {
    // + the import and export jobs, the attachment check, the domain-event publisher and the webhook dispatcher
    // (lib/constructs/imports.ts, exports.ts, attachments.ts, domain-events.ts, webhooks.ts)
    expect(Object.keys(functions)).toHaveLength(FEATURE_FUNCTIONS.length + Object.keys(SCHEDULED_JOBS).length + 5);
  });

  it.each(Object.keys(functions))('denies %s UpdateItem and DeleteItem on AUDIT# partitions of the table', (functionId) => {
    // Prepare
    const roleId = logicalIdOf(functions[functionId]?.Properties.Role);

    // Act
    const denials = inlineStatementsOf(roleId).filter((statement) => statement.Effect === 'Deny');
    // The table as the function's own grants name it (a cross-stack import): the Deny must name the same one.
    // (A stream reader's grant names the table's stream, not its items: the domain-event publisher has only that.)
    const dynamoAllows = attachedStatementsOf(roleId).filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));
    const tableGrant = dynamoAllows.find((statement) => !/\/index\/|\/stream\/|StreamArn/.test(JSON.stringify(statement.Resource)));
    const streamOnly = tableGrant === undefined && dynamoAllows.length > 0 && dynamoAllows.every((statement) => /\/stream\/|StreamArn/.test(JSON.stringify(statement.Resource)));

    // Assess
    expect(denials).toHaveLength(1);
    const [denial] = denials;
    expect(asArray(denial!.Action)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    expect(asArray(denial!.Action)).not.toContain('dynamodb:PutItem');
    if (streamOnly) {
      // No item access at all: nothing to write, so nothing to rewrite in the audit trail.
      expect(dynamoAllows.flatMap((statement) => asArray(statement.Action)).filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]);
    } else {
      expect(tableGrant).toBeDefined();
      expect(asArray(denial!.Resource)).toEqual(asArray(tableGrant!.Resource));
    }
    expect(denial!.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION_PATTERN] } });
  });

  it('lets no function Allow a write that skips the item-level actions (BatchWriteItem, PartiQL)', () => {
    // Act
    const allowed = Object.values(functions)
      .map((fn) => logicalIdOf(fn.Properties.Role))
      .flatMap((roleId) => [...attachedStatementsOf(roleId), ...inlineStatementsOf(roleId)])
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => asArray(statement.Action));

    // Assess
    expect(allowed.filter((action) => action === 'dynamodb:BatchWriteItem' || action.startsWith('dynamodb:PartiQL'))).toEqual([]);
  });
});
