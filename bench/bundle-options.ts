import type { BuildOptions } from 'esbuild';
import { FUNCTION_BUNDLING } from '#infra/function-bundling';

/**
 * The esbuild options that `NodejsFunction` derives from FUNCTION_BUNDLING (lib/function-bundling.ts), the same
 * values the CDK function construct uses, translated the way aws-cdk-lib/aws-lambda-nodejs builds its esbuild
 * command line (--bundle --platform=node --outfile=<dir>/index.mjs …).
 */
export const cdkBundleOptions = (entry: string, outfile: string, projectRoot: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  absWorkingDir: projectRoot,
  bundle: true,
  target: FUNCTION_BUNDLING.target,
  platform: 'node',
  format: FUNCTION_BUNDLING.format,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  sourcesContent: FUNCTION_BUNDLING.sourcesContent,
  external: [...FUNCTION_BUNDLING.externalModules],
  banner: { js: FUNCTION_BUNDLING.banner },
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  logLevel: 'warning',
  // Not a CDK option: the bench reads it to list what makes each bundle big.
  metafile: true,
});
