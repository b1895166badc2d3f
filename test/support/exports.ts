import { expect } from 'vitest';
import type { api } from './e2e';

type Client = ReturnType<typeof api>;

export interface ExportAnswer {
  id: string;
  entity: string;
  format: string;
  status: string;
  version: number;
  progress: { rows: number };
  fileName: string;
  problem?: string;
  download?: { url: string; expiresAt: string };
}

/** Starts an export as `as` and expects the 202. */
export const startExport = async (client: Client, as: string, body: Record<string, unknown>): Promise<ExportAnswer> => {
  const started = await client.post<ExportAnswer>('/v1/exports', body, { as });
  expect(started.status, started.text).toBe(202);
  return started.json;
};

const FINAL = new Set(['completed', 'failed']);

/** Polls the export as `as` until it is completed or failed; at most ~30 s. */
export const waitForExport = async (client: Client, exportId: string, as: string): Promise<ExportAnswer> => {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const answer = await client.get<ExportAnswer>(`/v1/exports/${exportId}`, { as });
    expect(answer.status, answer.text).toBe(200);
    if (FINAL.has(answer.json.status)) return answer.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${exportId} did not finish`);
};
