import { writeFile } from 'node:fs/promises';
import { GENERATED_DOCS } from './render-docs';

for (const [path, render] of Object.entries(GENERATED_DOCS)) {
  await writeFile(path, render());
  console.log(`wrote ${path}`);
}
