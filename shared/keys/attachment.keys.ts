import { indexKey } from '#shared/db/index-key';

/**
 * The attachment item (docs/data-model.md, "Attachments"): its own partition, read by id (the routes, the check
 * after the upload); gsi1 lists one record's attachments, gsi2 every attachment under a customer (the 360 view, and
 * what a customer merge moves). Both sort keys start `LIVE#` while the attachment is not deleted, `DELETED#` after,
 * so the lists read only live ones with a key condition and a merge still finds every one. Here in shared/ because
 * the customer merge (functions/customers/merge/) moves attachments too.
 */
export const attachmentKeys = {
  item: (attachmentId: string) => ({ pk: `ATTACHMENT#${attachmentId}`, sk: 'ATTACHMENT' }),
  byParent: indexKey('gsi1', 1, (parentType: string, parentId: string) => `ATTACHMENTS#${parentType}#${parentId}`),
  underCustomer: indexKey('gsi2', 2, (customerId: string) => `ATTACHMENTS#UNDER#${customerId}`),
  liveSortKey: (createdAt: string, attachmentId: string) => `LIVE#${createdAt}#${attachmentId}`,
  deletedSortKey: (deletedAt: string, attachmentId: string) => `DELETED#${deletedAt}#${attachmentId}`,
  LIVE_PREFIX: 'LIVE#',
} as const;

/**
 * The Query input of a customer's newest live attachments (gsi2, newest first): the one read the attachments' own
 * repository and the 360 view (functions/customers/overview/) both send.
 */
export const liveUnderCustomerQuery = (tableName: string, customerId: string, limit: number) => {
  const { underCustomer } = attachmentKeys;
  return {
    TableName: tableName,
    IndexName: underCustomer.index,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :live)',
    ExpressionAttributeNames: { '#pk': underCustomer.pkAttribute, '#sk': underCustomer.skAttribute },
    ExpressionAttributeValues: { ':pk': underCustomer.pk(customerId), ':live': attachmentKeys.LIVE_PREFIX },
    ScanIndexForward: false,
    Limit: limit,
  };
};
