import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { OPENAPI_PATH, renderOpenApi } from './openapi-document';
import { renderSdkTypes, SDK_TYPES_PATH } from './sdk-types';

const document = renderOpenApi();
await writeFile(OPENAPI_PATH, document);
console.log(`wrote ${OPENAPI_PATH}`);
await writeFile(SDK_TYPES_PATH, await renderSdkTypes(document));
console.log(`wrote ${fileURLToPath(SDK_TYPES_PATH)}`);
