import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '#scripts/render-docs';

describe('generated docs', () => {
  it.each(Object.entries(GENERATED_DOCS))('%s is up to date (run `npm run docs` after changing the tables)', async (path, render) => {
    expect(await readFile(path, 'utf8')).toBe(render());
  });
});
