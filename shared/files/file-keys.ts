/**
 * Where files live in the files bucket: one prefix per area, the lifecycle rules (lib/constructs/files.ts) and the
 * IAM grants (lib/function-access.ts) follow these prefixes, so a function that handles imports can never read an
 * export or an attachment.
 */
export const FILE_AREAS = {
  imports: 'imports',
  exports: 'exports',
  attachments: 'attachments',
} as const;
export type FileArea = keyof typeof FILE_AREAS;

/** `imports/<importId>`: one object per import, its id is the key (no user-supplied name reaches a key). */
export const fileKeys = {
  importFile: (importId: string) => `${FILE_AREAS.imports}/${importId}`,
  exportFile: (exportId: string, extension: 'csv' | 'xlsx') => `${FILE_AREAS.exports}/${exportId}.${extension}`,
  /** `attachments/<attachmentId>`: the file's own name lives only in the attachment item, never in the key. */
  attachmentFile: (attachmentId: string) => `${FILE_AREAS.attachments}/${attachmentId}`,
} as const;

/** The import id of an object key in the imports area, or undefined for any other key. */
export const importIdOfKey = (key: string): string | undefined => {
  const match = /^imports\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return match?.[1];
};

/** The attachment id of an object key in the attachments area, or undefined for any other key. */
export const attachmentIdOfKey = (key: string): string | undefined => {
  const match = /^attachments\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return match?.[1];
};
