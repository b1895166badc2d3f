/**
 * How every function is bundled, in plain values: the CDK function construct turns them into NodejsFunction
 * bundling props, and the bench builds the same bundles with esbuild directly to measure size and import time.
 */
export const FUNCTION_BUNDLING = {
  format: 'esm',
  // Runs on nodejs24.x; node22 keeps the output valid on the previous runtime should we need to roll back.
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Positions are enough for readable stack traces; embedding the sources would double the bundle.
  sourcesContent: false,
  // Prefer the ESM build of dependencies: better tree shaking, no CJS interop shims.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ESM file still call require(); give them one. Aliased import so that
  // it cannot clash with a `createRequire` binding in the bundled code.
  banner:
    "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  // The Lambda Node.js runtime ships AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
} as const;
