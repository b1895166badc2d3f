import { expect } from 'vitest';
import type { api } from './e2e';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every customer a filtered list answers, page after page. A filter (`tags=`, `type=` …) thins the pages of the
 * index Query it rides on, and in a whole-suite run the shared table holds thousands of other files' customers,
 * so the ones a test made can sit many pages in: a test that reads one page fails only in the full run.
 */
export const listCustomerPages = async <T = { id: string; name: string; ownerId: string }>(
  client: ReturnType<typeof api>,
  query: string,
  as: string,
  { stopAt = Number.POSITIVE_INFINITY, maxPages = 400 }: { stopAt?: number; maxPages?: number } = {},
): Promise<T[]> => {
  const seen: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const response: { status: number; text: string; json: Page<T> } = await client.get<Page<T>>(
      `/v1/customers?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { as },
    );
    expect(response.status, response.text).toBe(200);
    seen.push(...response.json.items);
    cursor = response.json.nextCursor;
    if (!cursor || seen.length >= stopAt) break;
  }
  return seen;
};
