import { Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './crm-test-app';

/**
 * cdk-nag 3 runs as a CDK validation plugin: its findings are not Annotations (Annotations.findError sees
 * nothing). An unacknowledged error makes synthesis throw (in-memory app mode, as here) or `cdk synth` exit 1.
 */
describe('cdk-nag AwsSolutions', () => {
  // Prepare (shared)
  const { app } = buildTestApp();

  it('reports zero unacknowledged findings (errors or warnings)', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity,
      resources: violation.violatingResources.map((resource) => resource.constructPath),
      description: violation.description,
    }));

    // Assess — on failure the diff names each rule and construct path.
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a specific written reason, on the resource it concerns', () => {
    // Act
    const acknowledgements = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
        ),
    );

    // Assess
    // The accepted rules, once each (the IAM5 one repeats per function): a new acknowledgement must be added here too.
    expect([...new Set(acknowledgements.map(({ id }) => id.replace(/^annotation::/i, '')))].sort()).toEqual([
      // The public unsubscribe routes of campaign mail, without the authorizer (lib/constructs/api-routes.ts)
      'AwsSolutions-APIG4',
      'AwsSolutions-COG2',
      'AwsSolutions-IAM5[Resource::*]',
      // The attachments' prefix (lib/constructs/attachments.ts)
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::crm-dev-files-<AWS::AccountId>-<AWS::Region>/attachments/*]',
      // The export files' prefix (lib/constructs/exports.ts)
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::crm-dev-files-<AWS::AccountId>-<AWS::Region>/exports/*]',
      // The import files' prefix of the files bucket (lib/constructs/imports.ts)
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::crm-dev-files-<AWS::AccountId>-<AWS::Region>/imports/*]',
      // The access-log bucket of the files bucket (lib/constructs/files.ts)
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      // The scheduled jobs' dead-letter queue (lib/constructs/schedule.ts)
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of acknowledgements) expect(reason.length).toBeGreaterThanOrEqual(80);
    // Never on a whole stack or the app: a stack-wide acknowledgement would hide future findings too.
    for (const { path } of acknowledgements) expect(path.split('/').length).toBeGreaterThan(2);
  });

  it('is live: an unacknowledged error in the app makes synthesis fail', () => {
    // Prepare — the same app, plus one resource that breaks a rule (a secret without rotation: AwsSolutions-SMG4).
    const { app: probe } = buildTestApp();
    const scratch = new Stack(probe, 'nag-probe');
    new Secret(scratch, 'UnrotatedSecret');

    // Act + Assess
    expect(() => probe.synth({ force: true })).toThrow(/AwsSolutions-SMG4/);
  });
});
