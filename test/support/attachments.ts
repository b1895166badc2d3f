import { expect } from 'vitest';
import type { api } from './e2e';

type Client = ReturnType<typeof api>;
export type AttachmentParent = 'customers' | 'opportunities' | 'orders' | 'services';

export interface AttachmentAnswer {
  id: string;
  parentType: string;
  parentId: string;
  customerId?: string;
  fileName: string;
  contentType: string;
  size: number;
  status: 'pending' | 'available' | 'rejected';
  rejection?: string;
  version: number;
  download?: { url: string; expiresAt: string };
}

export interface CreatedAttachment {
  attachment: AttachmentAnswer;
  upload: { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };
}

/** A minimal PDF: its magic bytes are what the check after the upload looks at. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Presigns an attachment as `as` on `/v1/<parent>/<id>/attachments` and expects the 201. */
export const presignAttachment = async (
  client: Client,
  as: string,
  parent: AttachmentParent,
  parentId: string,
  body: { fileName: string; contentType: string; size: number } = { fileName: 'contract.pdf', contentType: 'application/pdf', size: PDF_BYTES.byteLength },
): Promise<CreatedAttachment> => {
  const created = await client.post<CreatedAttachment>(`/v1/${parent}/${parentId}/attachments`, body, { as });
  expect(created.status, created.text).toBe(201);
  return created.json;
};

/** PUTs the bytes to the presigned URL with exactly the signed headers (s3rver: the run's real S3 endpoint). */
export const uploadTo = async (upload: CreatedAttachment['upload'], body: Uint8Array, headers: Record<string, string> = upload.headers): Promise<Response> => {
  const { 'content-length': _length, ...rest } = headers;
  return fetch(upload.url, { method: 'PUT', headers: rest, body });
};

/** Polls the attachment as `as` until the check after the upload settled it; at most ~15 s. */
export const waitForAttachment = async (client: Client, as: string, parent: AttachmentParent, parentId: string, id: string): Promise<AttachmentAnswer> => {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const answer = await client.get<AttachmentAnswer>(`/v1/${parent}/${parentId}/attachments/${id}`, { as });
    expect(answer.status, answer.text).toBe(200);
    if (answer.json.status !== 'pending') return answer.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`attachment ${id} was not checked`);
};
