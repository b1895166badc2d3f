import type { Clock, IdGenerator } from '#shared/core/clock';
import type { FileStore } from '#shared/files/file-store';
import type { AttachmentRepository, ParentReader } from './attachment.ports';

/** What the attachment routes and the check after an upload need. */
export interface AttachmentDependencies {
  readonly attachments: AttachmentRepository;
  readonly parents: ParentReader;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
