import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { DictionaryType } from './dictionary';
import { dictionaryKeys } from './dictionary.keys';

/** A code's first use by a record (never removed): from then on the code can no longer be removed. */
export interface DictionaryCodeUse {
  readonly type: DictionaryType;
  readonly code: string;
  readonly firstUsedAt: string;
  readonly firstUsedBy: string;
}

export const dictionaryCodeUseEntity = defineEntity<DictionaryCodeUse>({
  name: 'DictionaryCodeUse',
  fields: fieldsOf<DictionaryCodeUse>()('type', 'code', 'firstUsedAt', 'firstUsedBy'),
  keyOf: (use) => dictionaryKeys.used(use.type, use.code),
});
