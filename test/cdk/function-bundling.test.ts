import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { CrmFunction, PROJECT_ROOT } from '#lib/constructs/crm-function';
import { bundleFunction, coldStartOutputs, type FunctionBundle } from '#lib/function-bundling';
import { FEATURE_FUNCTIONS, routesOf } from '#shared/routes';

/**
 * What a cold start loads, per function (issue 9, cold-start budget): the bundle the CDK construct deploys is
 * built here and its module graph read from esbuild's metafile. The entry may only reach what every request
 * needs; route code and the heavy libraries load on a route's first request.
 */
const outRoot = mkdtempSync(join(tmpdir(), 'crm-bundles-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/** Loaded by the routes that need them, never by the entry. */
const ROUTE_ONLY_PACKAGES = ['zod', 'csv-stringify', 'ulid'];
/** The only modules the entry may import from outside the bundle: the SDK clients every request uses. */
const ALLOWED_EXTERNALS = /^(?:node:[\w/]+|@aws-sdk\/(?:client-dynamodb|lib-dynamodb|util-dynamodb))$/;

const bundles = new Map<string, FunctionBundle>();
const bundleOf = (fn: string): FunctionBundle => {
  let bundle = bundles.get(fn);
  if (!bundle) {
    bundle = bundleFunction(`functions/${fn}/index.ts`, join(outRoot, fn), PROJECT_ROOT);
    bundles.set(fn, bundle);
  }
  return bundle;
};
const keyOf = (file: string) => relative(PROJECT_ROOT, file);
const kebabCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe.each(FEATURE_FUNCTIONS)('the %s function bundle', (fn) => {
  it('loads no route module and none of the route-only libraries at cold start', () => {
    // Act
    const { metafile, entryFile } = bundleOf(fn);
    const loaded = coldStartOutputs(metafile, keyOf(entryFile));

    // Assess
    const inputs = loaded.flatMap((key) => Object.keys(metafile.outputs[key]!.inputs));
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((input) => input.endsWith('.handler.ts') || input.endsWith('.schema.ts'))).toEqual([]);
    for (const pkg of ROUTE_ONLY_PACKAGES) expect(inputs.filter((input) => input.includes(`node_modules/${pkg}/`))).toEqual([]);
    const externals = loaded.flatMap((key) => metafile.outputs[key]!.imports.filter((entry) => entry.external).map((entry) => entry.path));
    expect(externals.filter((path) => !ALLOWED_EXTERNALS.test(path))).toEqual([]);
  });

  it('ships pinyin-pro as a file beside the bundle when a route needs it, not inside a chunk', () => {
    // Act
    const { metafile, entryFile } = bundleOf(fn);
    const bundled = Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/pinyin-pro/'));
    const required = Object.values(metafile.outputs).some((output) => output.imports.some((entry) => entry.path === 'pinyin-pro'));

    // Assess: resolved from the asset itself (the build is outside the repository, so no other copy is reachable)
    expect(bundled).toEqual([]);
    if (required) expect(createRequire(entryFile).resolve('pinyin-pro')).toBe(join(outRoot, fn, 'node_modules/pinyin-pro/dist/index.js'));
    expect(required).toBe(['customers', 'orders', 'opportunities'].includes(fn));
  });

  it("bundles zod's English messages only, not its ~350 KiB of other locales (no `import { z } from 'zod'`)", () => {
    // Act
    const { metafile } = bundleOf(fn);

    // Assess: `import { z }` (or a default import) hands esbuild the whole namespace as a value, locales included;
    // `import * as z` lets it keep the members used (docs/benchmarks.md, cold-start work, first pass)
    const locales = Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && /node_modules\/zod\/.*\/locales\/(?!en\.js$|index\.js$)/.test(input))
        .map(([input]) => input),
    );
    expect(locales).toEqual([]);
  });

  it('imports each route handler module lazily, as a chunk of its own', () => {
    // Act
    const { metafile } = bundleOf(fn);
    const lazyEntries = new Set(Object.values(metafile.outputs).flatMap((output) => (output.entryPoint ? [output.entryPoint] : [])));

    // Assess: the route table's operationId names the module (listContacts → list-contacts.handler.ts), in the
    // function's folder or one of its subfolders
    const handlerModules = routesOf(fn).map((route) => `${kebabCase(route.operationId)}.handler.ts`);
    expect(handlerModules.length).toBeGreaterThan(0);
    const isChunk = (module: string) => [...lazyEntries].some((entry) => entry.startsWith(`functions/${fn}/`) && entry.split('/').at(-1) === module);
    expect(handlerModules.filter((module) => !isChunk(module))).toEqual([]);
  });
});

describe('the exports function bundle (the API side; the job is a function of its own)', () => {
  it("loads neither the export job's file writers nor the S3 SDK at a route's first request", () => {
    // Prepare
    const { metafile } = bundleOf('exports');
    const routeChunks = Object.entries(metafile.outputs).filter(([, output]) => output.entryPoint?.endsWith('.handler.ts'));

    // Act: what each route's first request loads, its chunk and their static imports
    const loaded = routeChunks.map(([key, output]) => {
      const outputs = coldStartOutputs(metafile, key);
      return {
        route: output.entryPoint,
        packages: outputs.flatMap((chunk) => Object.keys(metafile.outputs[chunk]!.inputs)).filter((input) => /node_modules\/(?:exceljs|csv-stringify|fast-csv)\//.test(input)),
        externals: outputs.flatMap((chunk) => metafile.outputs[chunk]!.imports.filter((entry) => entry.external && entry.kind === 'import-statement').map((entry) => entry.path)),
      };
    });

    // Assess: the S3 client and its presigner (~250 ms of CPU to import) load when a file is first signed
    // (functions/exports/exports.container.ts); the .xlsx / CSV writers are the job's alone
    expect(loaded.map(({ route }) => route).sort()).toEqual(['functions/exports/create-export.handler.ts', 'functions/exports/get-export.handler.ts']);
    for (const { route, packages, externals } of loaded) {
      expect({ route, packages }).toEqual({ route, packages: [] });
      expect({ route, s3: externals.filter((path) => path.startsWith('@aws-sdk/client-s3') || path.startsWith('@aws-sdk/s3-')) }).toEqual({ route, s3: [] });
    }
  });
});

describe('the CDK function construct', () => {
  it('ships each function its own bundle (real bundling, as `npm run synth` does)', () => {
    // Prepare
    const outdir = join(outRoot, 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundlingProbe');
    const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    for (const name of ['contacts', 'services']) new CrmFunction(stack, name, { name, table }).bindTable(table, { access: 'read' });

    // Act
    const assembly = app.synth();
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');

    // Assess: two assets, each built from its own entry, code-split
    const keys = Object.values(functions).map((fn) => (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key);
    expect(new Set(keys).size).toBe(2);
    for (const [index, name] of ['contacts', 'services'].entries()) {
      const assetDir = join(assembly.directory, `asset.${keys[index]!.replace(/\.zip$/, '')}`);
      expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
      const chunks = readdirSync(join(assetDir, 'chunks'));
      expect(chunks.filter((chunk) => chunk.startsWith(`create-${name === 'contacts' ? 'contact' : 'service'}.handler-`))).toHaveLength(2); // .mjs + .map
    }
  });
});
