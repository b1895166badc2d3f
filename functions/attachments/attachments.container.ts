import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { fileStore } from '#shared/files/file-store.container';
import { DynamoDbAttachmentRepository } from './attachment.repository';
import type { AttachmentDependencies } from './attachments.dependencies';
import { DynamoDbParentReader } from './parent-reader.repository';

/** The real dependencies, wired once per process; tests may replace them. */
let dependencies: AttachmentDependencies | undefined;

export const attachmentDependencies = (): AttachmentDependencies => {
  if (dependencies) return dependencies;
  const { TABLE_NAME } = loadConfig();
  dependencies = {
    attachments: new DynamoDbAttachmentRepository(documentClient(), TABLE_NAME),
    parents: new DynamoDbParentReader(documentClient(), TABLE_NAME),
    files: fileStore(),
    clock: systemClock,
    ids: ulidGenerator(),
  };
  return dependencies;
};

export const useAttachmentDependencies = (replacement: AttachmentDependencies | undefined): void => {
  dependencies = replacement;
};
