import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbCustomFieldSource } from './custom-field-definitions.repository';
import type { CustomFieldSource } from './custom-field';

/** The definitions every write validates against (no cache: read per write, docs/data-model.md says why). */
let source: CustomFieldSource | undefined;

export const customFieldSource = (): CustomFieldSource =>
  (source ??= new DynamoDbCustomFieldSource(documentClient(), loadConfig().TABLE_NAME));

/** Tests replace the source (e.g. to add a definition only their own process sees); `undefined` restores the real one. */
export const useCustomFieldSource = (replacement: CustomFieldSource | undefined): void => {
  source = replacement;
};
