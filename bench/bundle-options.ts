import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options that `NodejsFunction` derives from the `bundling` props of lib/constructs/crm-function.ts.
 * That construct keeps its props inline (nothing exported to reuse), so they are MIRRORED here, translated the
 * way aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js builds its esbuild command line:
 *   --bundle --target=node22 --platform=node --format=esm --outfile=<dir>/index.mjs --minify --sourcemap
 *   --sources-content=false --external:@aws-sdk/* --banner:js=… --main-fields=module,main
 * Keep the two in step when the construct changes.
 */
export const CDK_BANNER =
  "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);";

export const cdkBundleOptions = (entry: string, outfile: string, projectRoot: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  absWorkingDir: projectRoot,
  bundle: true,
  target: 'node22',
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  external: ['@aws-sdk/*'],
  banner: { js: CDK_BANNER },
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // Not a CDK option: the bench reads it to list what makes each bundle big.
  metafile: true,
});
