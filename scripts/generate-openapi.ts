import { writeFile } from 'node:fs/promises';
import { OPENAPI_PATH, renderOpenApi } from './openapi-document';

await writeFile(OPENAPI_PATH, renderOpenApi());
console.log(`wrote ${OPENAPI_PATH}`);
