import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#lib/constructs/crm-function';
import { bundleFunction } from '#lib/function-bundling';
import type { LambdaHandler } from '#local/gateway';
import { scopeOf } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import { FEATURE_FUNCTIONS, ROUTES, routeKey, type RouteDefinition } from '#shared/routes';
import { api, startTestGateway, useOwnTable } from '#test/support/e2e';
import { OTHER_ACCOUNT_MANAGER, USER_OF_ROLE } from './scenarios/demo-users';
import { ROUTE_SCENARIOS } from './scenarios/route-scenarios';

/**
 * Every route, served by the code we deploy: each feature function is built by `bundleFunction` (the CDK
 * construct's bundling: minified, code-split ESM with lazily imported route chunks) and the local gateway invokes
 * the built `index.mjs` instead of the TypeScript sources. Catches what only a bundle can get wrong: a route chunk
 * that fails to load, a dependency that does not survive bundling (pinyin-pro, csv-stringify, the Cognito SDK),
 * a module-state assumption broken by splitting.
 */
// Inside the repository, so that the bundles' external `@aws-sdk/*` imports resolve from node_modules as on Lambda.
const outRoot = join(PROJECT_ROOT, '.bench', `e2e-bundles-${process.pid}`);
const loaded: string[] = [];

const loadBundle = async (fn: string): Promise<LambdaHandler> => {
  loaded.push(fn);
  const module = (await import(pathToFileURL(join(outRoot, fn, 'index.mjs')).href)) as { handler: LambdaHandler };
  return module.handler;
};

/** A role allowed to act on every record of the route when there is one, else an account manager on their own. */
const callerFor = (route: RouteDefinition): { caller: string; owner: string } => {
  const everything = (['sales-manager', 'admin', 'executive', 'account-manager'] as Role[]).find(
    (role) => scopeOf(route.capability, role) === 'all',
  );
  if (everything) return { caller: USER_OF_ROLE[everything], owner: OTHER_ACCOUNT_MANAGER };
  return { caller: OTHER_ACCOUNT_MANAGER, owner: OTHER_ACCOUNT_MANAGER };
};

describe('the deployed bundles answer every route through the local gateway', () => {
  let client: ReturnType<typeof api>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    // A table of its own: required custom fields other files define must not refuse the bundles' creates.
    await useOwnTable();
    mkdirSync(outRoot, { recursive: true });
    for (const fn of FEATURE_FUNCTIONS) bundleFunction(`functions/${fn}/index.ts`, join(outRoot, fn), PROJECT_ROOT);
    const gateway = await startTestGateway({ loadHandler: loadBundle });
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  }, 120_000);
  afterAll(async () => {
    await stop();
    rmSync(outRoot, { recursive: true, force: true });
  });

  for (const route of ROUTES) {
    const scenario = ROUTE_SCENARIOS[route.operationId];
    const { caller, owner } = callerFor(route);

    it(`${routeKey(route)} as ${caller} → ${scenario.successStatus}`, async () => {
      // Prepare (the fixtures are written through the bundles too)
      const request = await scenario.arrange(client, owner);

      // Act
      const response = await client.request(request.method, request.path, {
        as: caller,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.headers ? { headers: request.headers } : {}),
      });

      // Assess (the client also checks the answer against docs/openapi.json)
      expect(response.status, response.text).toBe(scenario.successStatus);
      await request.assertSuccess?.(response, caller);
    });
  }

  it('indexes a Chinese name by its pinyin initials (pinyin-pro survives bundling, loaded on first use)', async () => {
    // Prepare
    const tag = Date.now().toString(36);

    // Act
    const created = await client.post<{ id: string }>('/v1/customers', { name: `北京石油${tag}` }, { as: 'sales' });
    const found = await client.get<{ items: { id: string }[] }>(`/v1/customers?q=bjsy${tag}`, { as: 'exec' });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(found.json.items.map((item) => item.id)).toEqual([created.json.id]);
  });

  it('served them from the bundles, not from the sources', () => {
    expect([...new Set(loaded)].sort()).toEqual([...FEATURE_FUNCTIONS].sort());
  });
});
