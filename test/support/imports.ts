import { expect } from 'vitest';
import type { api } from './e2e';

type Client = ReturnType<typeof api>;

export interface ImportAnswer {
  id: string;
  status: string;
  version: number;
  progress: Record<string, number>;
  problem?: string;
  problemErrors?: { path: string; message: string }[];
}

interface Created {
  import: ImportAnswer;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
}

/** Starts an import as `as` and uploads `file` through the presigned PUT the API answers (to the run's s3rver). */
export const startImport = async (
  client: Client,
  as: string,
  file: string | Uint8Array,
  options: { entity?: 'customers' | 'contacts' | 'products'; format?: 'csv' | 'xlsx'; mode?: 'validate' | 'commit'; onDuplicate?: 'skip' | 'update' | 'create' } = {},
): Promise<{ id: string; upload: Response }> => {
  const created = await client.post<Created>('/v1/imports', { entity: options.entity ?? 'customers', format: options.format ?? 'csv', mode: options.mode ?? 'commit', onDuplicate: options.onDuplicate ?? 'skip' }, { as });
  expect(created.status, created.text).toBe(201);
  const upload = await fetch(created.json.upload.url, { method: 'PUT', headers: created.json.upload.headers, body: file });
  return { id: created.json.import.id, upload };
};

const FINAL = new Set(['completed', 'failed', 'reverted']);

/** Polls the import until it reaches a final status (completed, failed, reverted); at most ~20 s. */
export const waitForImport = async (client: Client, importId: string, as: string): Promise<ImportAnswer> => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await client.get<ImportAnswer>(`/v1/imports/${importId}`, { as });
    expect(answer.status, answer.text).toBe(200);
    if (FINAL.has(answer.json.status)) return answer.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${importId} did not finish`);
};

/** A CSV of customers: a header and one row per name (unique names: tests isolate themselves by them). */
export const customersCsv = (names: readonly string[], header = 'name,level'): string => [header, ...names.map((name) => `${name},ordinary`)].join('\n');
