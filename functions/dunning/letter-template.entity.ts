import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { LetterTemplateParts } from './dunning-letter.template';

/** The administrators' dunning letter template, one item; absent while the built-in one is used (version 0). */
export interface StoredLetterTemplate extends LetterTemplateParts {
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export const letterTemplateKeys = { item: { pk: 'DUNNING#LETTER-TEMPLATE', sk: 'CURRENT' } } as const;

export const letterTemplateEntity = defineEntity<StoredLetterTemplate>({
  name: 'DunningLetterTemplate',
  fields: fieldsOf<StoredLetterTemplate>()('subject', 'text', 'html', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'),
  keyOf: () => letterTemplateKeys.item,
});
