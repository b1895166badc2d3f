import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerVisibleTo, type CustomerHead } from '#shared/customer-records/customer-head';

/** Rules of attachments (contracts, scans, photos under a customer, an opportunity, an order or a service request). */

export const ATTACHMENT_PARENT_TYPES = ['customer', 'opportunity', 'order', 'service'] as const;
export type AttachmentParentType = (typeof ATTACHMENT_PARENT_TYPES)[number];

/** pending: signed, not uploaded or not checked yet; available: checked; rejected: failed the check, object deleted. */
export const ATTACHMENT_STATUSES = ['pending', 'available', 'rejected'] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];

/** 25 MiB: the presigned PUT signs the declared size, and the check after the upload compares the object's. */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
/** The bytes the check after the upload reads: magic bytes, and for text whether it is text at all. */
export const SNIFF_BYTES = 4096;

const startsWith = (bytes: Uint8Array, prefix: readonly number[] | string, at = 0): boolean => {
  const expected = typeof prefix === 'string' ? [...prefix].map((c) => c.charCodeAt(0)) : prefix;
  return bytes.length >= at + expected.length && expected.every((byte, i) => bytes[at + i] === byte);
};
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Text has no NUL and no C0 control but tab, line feed, form feed, carriage return and escape (an .exe has NULs). */
const isText = (bytes: Uint8Array): boolean => bytes.every((byte) => byte >= 0x20 || [0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte));

interface AllowedType {
  readonly extensions: readonly string[];
  /** Do the first bytes of the file fit the type? (Office Open XML files are zip archives, legacy Office files OLE.) */
  readonly sniff: (start: Uint8Array) => boolean;
}

/** The allow-list: what a contract, a scan or a photo is; anything else is refused at the presign (400). */
export const ALLOWED_TYPES = {
  'application/pdf': { extensions: ['pdf'], sniff: (b) => startsWith(b, '%PDF-') },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], sniff: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  'image/png': { extensions: ['png'], sniff: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  'image/gif': { extensions: ['gif'], sniff: (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a') },
  'image/webp': { extensions: ['webp'], sniff: (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8) },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], sniff: (b) => startsWith(b, ZIP) },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], sniff: (b) => startsWith(b, ZIP) },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { extensions: ['pptx'], sniff: (b) => startsWith(b, ZIP) },
  'application/msword': { extensions: ['doc'], sniff: (b) => startsWith(b, OLE) },
  'application/vnd.ms-excel': { extensions: ['xls'], sniff: (b) => startsWith(b, OLE) },
  'text/plain': { extensions: ['txt'], sniff: isText },
  'text/csv': { extensions: ['csv'], sniff: isText },
} as const satisfies Record<string, AllowedType>;
export type AttachmentContentType = keyof typeof ALLOWED_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(ALLOWED_TYPES) as [AttachmentContentType, ...AttachmentContentType[]];

/**
 * The file name as stored and offered for download. Names are hostile: only the last path segment is kept (no
 * `../`), control and format characters go (CR/LF header injection, the RTL override U+202E that turns
 * `invoice‮fdp.exe` into "invoiceexe.pdf", zero-width characters), characters Windows refuses in a name become `_`,
 * leading dots go (no hidden file, no `..`). Undefined when nothing usable or no extension is left.
 */
export const safeFileName = (raw: string): string | undefined => {
  const segment = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = segment
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (!/\.[A-Za-z0-9]{1,8}$/.test(cleaned) || cleaned.length < 3) return undefined;
  return cleaned.slice(-255);
};

export const extensionOf = (fileName: string): string => fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();

/** A file name whose extension is not one of its declared type's: refused (an `.exe` declared as a PDF). */
export const assertExtensionFits = (fileName: string, contentType: AttachmentContentType): void => {
  const allowed: readonly string[] = ALLOWED_TYPES[contentType].extensions;
  if (!allowed.includes(extensionOf(fileName))) {
    throw new DomainError(ErrorCode.ValidationFailed, 'The file name does not fit its content type.', {
      errors: [{ path: 'body.fileName', message: `A ${contentType} file ends in .${allowed.join(' or .')}.` }],
    });
  }
};

/** The check after the upload: undefined when the object is what was declared, else why it is rejected. */
export const rejectionOf = (
  declared: { readonly contentType: AttachmentContentType; readonly size: number },
  stored: { readonly size: number; readonly start: Uint8Array },
): string | undefined => {
  if (stored.size > ATTACHMENT_MAX_BYTES) return `The file is larger than ${ATTACHMENT_MAX_BYTES} bytes.`;
  if (stored.size !== declared.size) return `The file has ${stored.size} bytes, not the ${declared.size} declared.`;
  if (!ALLOWED_TYPES[declared.contentType].sniff(stored.start)) return `The file's content is not ${declared.contentType}.`;
  return undefined;
};

/** What the visibility rule needs of a parent record (read by the repository from the parent's own item). */
export interface ParentRecord {
  readonly type: AttachmentParentType;
  readonly id: string;
  /** The customer the record is under (absent for an opportunity whose prospect is not a customer yet). */
  readonly customerId?: string | undefined;
  /** Opportunities and service requests: whom it is assigned to. */
  readonly assigneeId?: string | undefined;
  /** An archived customer (or a record otherwise gone): its attachments are gone with it. */
  readonly archived: boolean;
}

export const attachmentNotFound = (attachmentId: string): DomainError =>
  new DomainError(ErrorCode.AttachmentNotFound, `Attachment ${attachmentId} not found.`);

/** The parent's own 404, so an attachment route answers exactly as the record's route does. */
export const parentNotFound = (type: AttachmentParentType, id: string): DomainError => {
  const code = { customer: ErrorCode.CustomerNotFound, opportunity: ErrorCode.OpportunityNotFound, order: ErrorCode.OrderNotFound, service: ErrorCode.ServiceNotFound }[type];
  return new DomainError(code, `${type[0]!.toUpperCase()}${type.slice(1)} ${id} not found.`);
};

/**
 * Who sees a record's attachments: exactly who sees the record, by each module's own rule (scope `all`: anyone who
 * may read the record; `own` = account managers): a customer they own; an opportunity assigned to them
 * (functions/opportunities/); an order of a customer they own (functions/orders/order/order.rules.ts); a service
 * request assigned to them or of a customer they own (functions/services/service.rules.ts). `customer` is the
 * record's customer as it is now, read only when the rule needs it.
 */
export const parentVisibleTo = (caller: Caller, parent: ParentRecord | undefined, customer: () => Promise<CustomerHead | undefined>): Promise<boolean> | boolean => {
  if (!parent || parent.archived) return false;
  if (caller.scope === 'all') return true;
  switch (parent.type) {
    case 'opportunity':
      return parent.assigneeId === caller.username;
    case 'service':
      if (parent.assigneeId === caller.username) return true;
      return parent.customerId !== undefined && customer().then((head) => customerVisibleTo(caller, head));
    case 'customer':
    case 'order':
      return parent.customerId !== undefined && customer().then((head) => customerVisibleTo(caller, head));
  }
};
