import { logger } from '#shared/core/logger';
import { attachmentDependencies } from './attachments.container';
import { settleAttachmentUpload, type SettleOutcome } from './settle-attachment-upload.use-case';

/** The bucket's object-created event as EventBridge delivers it (lib/constructs/attachments.ts). */
export interface AttachmentUploadedEvent {
  readonly 'detail-type': 'Object Created';
  readonly detail: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
}

/**
 * Lambda entry of the check after an attachment upload: invoked by the EventBridge rule on an object created under
 * `attachments/` (locally by the local stack's stand-in for the rule, local/s3-local.ts). A failure throws, so the
 * rule's delivery is retried; a repeated delivery changes nothing. Logs carry the attachment's key and outcome only.
 */
export const handler = async (event: AttachmentUploadedEvent): Promise<{ outcome: SettleOutcome }> => {
  const key = event.detail?.object?.key ?? '';
  try {
    const outcome = await settleAttachmentUpload(attachmentDependencies(), key);
    logger.info('attachment checked', { key, outcome });
    return { outcome };
  } catch (error) {
    logger.error('attachment check failed', { key, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
