import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The structure rules of docs/architecture.md, checked on the source text so that they cannot erode: imports point
 * from functions/ into shared/ and never back, no import circle, files a newcomer can read in one sitting, one
 * update builder, one idempotency replay, transaction refusals read by label, and no reference to a file this
 * repository does not have.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_FOLDERS = ['functions', 'shared', 'lib', 'local', 'scripts', 'bench', 'bin', 'test'];
const ALIASES: Record<string, string> = { '#shared/': 'shared/', '#functions/': 'functions/', '#lib/': 'lib/', '#local/': 'local/', '#test/': 'test/', '#scripts/': 'scripts/', '#clients/': 'clients/' };

const filesUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.includes('node_modules'))
    .map((path) => join(folder, path));

const SOURCES = SOURCE_FOLDERS.flatMap(filesUnder);
const textOf = new Map(SOURCES.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));

/** Static imports and re-exports (`import … from`, `export … from`, `import '…'`), resolved to repository paths. */
const importsOf = (file: string): string[] => {
  const specifiers = [...textOf.get(file)!.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
  return specifiers.flatMap((specifier) => {
    const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
    if (alias) return [`${ALIASES[alias]}${specifier.slice(alias.length)}.ts`];
    if (specifier.startsWith('.')) return [normalize(join(dirname(file), specifier)).replace(/(\.ts)?$/, '.ts')];
    return [];
  });
};

const lineCount = (file: string): number => textOf.get(file)!.split('\n').length - (textOf.get(file)!.endsWith('\n') ? 1 : 0);
const production = SOURCES.filter((file) => file.startsWith('functions/') || file.startsWith('shared/'));
const matching = (files: readonly string[], pattern: RegExp): string[] => files.filter((file) => pattern.test(textOf.get(file)!));

describe('architecture rules (docs/architecture.md)', () => {
  it('shared/ never imports functions/', () => {
    const backwards = SOURCES.filter((file) => file.startsWith('shared/')).flatMap((file) =>
      importsOf(file).filter((target) => target.startsWith('functions/')).map((target) => `${file} → ${target}`),
    );
    expect(backwards).toEqual([]);
  });

  it('has no import circle', () => {
    const graph = new Map(SOURCES.map((file) => [file, importsOf(file).filter((target) => textOf.has(target))]));
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps every file under functions/ and shared/ to at most 400 lines', () => {
    expect(production.filter((file) => lineCount(file) > 400).map((file) => `${file}: ${lineCount(file)}`)).toEqual([]);
  });

  it('reads transaction refusals by label, never by position', () => {
    expect(matching(production, /reasons\??\.?\[|cancellationReasonsOf\(|tx\.index\(/).filter((file) => file !== 'shared/db/transactions.ts')).toEqual([]);
  });

  it('declares the shared DynamoDB helpers once: indexKey, pickFields, the update builder, the idempotency replay', () => {
    expect(matching(production, /const indexKey\s*=/)).toEqual(['shared/db/index-key.ts']);
    expect(matching(production, /const pick(Fields)?\s*=/)).toEqual(['shared/db/item.ts']);
    expect(matching(production, /UpdateExpression:\s*['`]/)).toEqual([]);
    // Only the idempotency record's entity spells its key; everyone else goes through shared/idempotency.
    expect(matching(production, /idempotencyKeys\.item\(/)).toEqual(['shared/idempotency/idempotency-record.entity.ts']);
    expect(matching(production, /fingerprint !== /)).toEqual(['shared/idempotency/idempotency.writes.ts']);
  });

  it('points only at documents this repository has (no DESIGN.md)', () => {
    const docs = readdirSync(join(ROOT, 'docs')).map((name) => join('docs', name));
    const cited = matching(SOURCES.filter((file) => file !== 'test/unit/architecture.test.ts'), /DESIGN(\.md| ?§)/);
    const citedInDocs = [...docs, 'README.md'].filter((file) => /DESIGN(\.md| ?§)/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect([...cited, ...citedInDocs]).toEqual([]);
    expect(relative(ROOT, join(ROOT, 'docs', 'architecture.md'))).toBe('docs/architecture.md');
    expect(docs).toContain('docs/architecture.md');
  });
});
