import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './crm-test-app';

/** CloudFormation refuses a stack of more than 500 resources, and a template of more than 200 outputs. */
const CLOUDFORMATION_MAX_RESOURCES = 500;
const CLOUDFORMATION_MAX_OUTPUTS = 200;
/** Each stack stays this far below the limit: the room for the next months' routes, functions and alarms. */
const HEADROOM = 50;

/** What to cut next when a stack reaches its ceiling (docs/architecture.md, "Stacks"). */
const NEXT_SPLIT: Record<string, string> = {
  stateful: 'give the portal pool or the files bucket a stateful stack of its own — with CloudFormation stack refactoring, never by re-creating them',
  stateless: 'move the customer portal (its function and API, lib/constructs/portal-api.ts) or the jobs (schedule, imports, exports, attachments, domain events, webhooks) into a stack of their own',
  'api-routes': 'split the routes over two api-routes stacks by feature function (each adds routes to the same API by its id: lib/constructs/api-routes.ts takes a routes list)',
  operations: 'give the dashboard, or the per-function alarms of the jobs, a stack of their own',
};

describe('stack sizes: every stack stays well under CloudFormation\'s limits', () => {
  // Prepare (shared)
  const built = buildTestApp();
  const stacks = [
    ['stateful', built.statefulTemplate],
    ['stateless', built.statelessTemplate],
    ['api-routes', built.apiRoutesTemplate],
    ['operations', built.operationsTemplate],
  ] as const;
  const sizes = stacks.map(([name, template]) => {
    const json = template.toJSON() as { Resources?: Record<string, unknown>; Outputs?: Record<string, unknown> };
    return { name, resources: Object.keys(json.Resources ?? {}).length, outputs: Object.keys(json.Outputs ?? {}).length };
  });

  it(`keeps each stack at most ${CLOUDFORMATION_MAX_RESOURCES - HEADROOM} resources (CloudFormation refuses more than ${CLOUDFORMATION_MAX_RESOURCES})`, () => {
    // Act
    const report = sizes.map(({ name, resources }) => `${name} ${resources}/${CLOUDFORMATION_MAX_RESOURCES}`).join(', ');
    console.info(`stack resources: ${report}`);

    // Assess — a failure says which stack, its count, and what to split next.
    for (const { name, resources } of sizes) {
      expect(resources, `${name} has ${resources} resources: ${NEXT_SPLIT[name]}`).toBeLessThanOrEqual(CLOUDFORMATION_MAX_RESOURCES - HEADROOM);
    }
  });

  it(`keeps each stack's outputs (those other stacks read included) at most ${CLOUDFORMATION_MAX_OUTPUTS - HEADROOM} (CloudFormation refuses more than ${CLOUDFORMATION_MAX_OUTPUTS})`, () => {
    // Act — every name another stack reads is an output of its stack (weak references): each function's name, each API log group's.
    console.info(`stack outputs: ${sizes.map(({ name, outputs }) => `${name} ${outputs}/${CLOUDFORMATION_MAX_OUTPUTS}`).join(', ')}`);

    // Assess
    for (const { name, outputs } of sizes) {
      expect(outputs, `${name} has ${outputs} outputs: read fewer of its names from the other stacks, or ${NEXT_SPLIT[name]}`).toBeLessThanOrEqual(CLOUDFORMATION_MAX_OUTPUTS - HEADROOM);
    }
  });

  it('has exactly these four stacks, so a new stack is sized here too', () => {
    // Assess
    expect(built.app.node.children.filter((child) => Stack.isStack(child)).map((stack) => stack.node.id).sort()).toEqual(
      ['crm-dev-api-routes', 'crm-dev-operations', 'crm-dev-stateful', 'crm-dev-stateless'],
    );
  });
});
