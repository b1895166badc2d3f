import { defineEntity, fieldsOf } from '#shared/db/entity';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import type { Attachment } from './attachment.ports';

/**
 * The attachment item (`pk = ATTACHMENT#<id>`, `sk = ATTACHMENT`), declared once. Its file is `attachments/<id>` in
 * the files bucket (the key never holds a user-supplied name). A customer merge moves an attachment by rewriting
 * `customerId` and gsi2pk (and, for one on the customer itself, `parentId` and gsi1pk): docs/data-model.md, "Attachments".
 */
export const attachmentEntity = defineEntity<Attachment>({
  name: 'Attachment',
  fields: fieldsOf<Attachment>()(
    'id', 'parentType', 'parentId', 'customerId', 'fileName', 'contentType', 'size', 'status', 'rejection', 'fileKey',
    'deletedAt', 'deletedBy', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (attachment) => attachmentKeys.item(attachment.id),
  indexesOf: (attachment) => {
    const sk = attachment.deletedAt
      ? attachmentKeys.deletedSortKey(attachment.deletedAt, attachment.id)
      : attachmentKeys.liveSortKey(attachment.createdAt, attachment.id);
    const { byParent, underCustomer } = attachmentKeys;
    return {
      [byParent.pkAttribute]: byParent.pk(attachment.parentType, attachment.parentId),
      [byParent.skAttribute]: sk,
      [underCustomer.pkAttribute]: attachment.customerId ? underCustomer.pk(attachment.customerId) : undefined,
      [underCustomer.skAttribute]: attachment.customerId ? sk : undefined,
    };
  },
});
