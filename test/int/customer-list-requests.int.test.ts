import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { CustomerListCriteria } from '#functions/customers/customer/customer.ports';
import { CUSTOMER_SORTS } from '#functions/customers/customer/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { useLocalStack } from '#test/support/e2e';

/**
 * Requests per list page for every order (issue 17): each page is ONE Query, whatever the order or the filters —
 * the figures docs/benchmarks.md records ("Customer list orders") are printed by this file.
 */
describe('customer list orders: DynamoDB requests per page', () => {
  const ids = ulidGenerator(seededRandom(1717));
  const sent: string[] = [];
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomerRepository;

  beforeAll(() => {
    const info = useLocalStack();
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    repository = new DynamoDbCustomerRepository(client, info.tableName);
  });
  afterAll(() => client.destroy());

  it('reads every order and a filtered order one Query per page, each customer once', async () => {
    // Prepare — 30 customers of one owner, a third of them in the filtered industry
    const owner = `requests-${ids.next()}`;
    for (let n = 0; n < 30; n += 1) {
      const id = ids.next();
      const at = new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString();
      await repository.create({
        id, customerNo: `INT-R-${id.slice(-10)}`, name: `Requests ${String(n).padStart(2, '0')}`, level: 'ordinary', status: 'active',
        ownerId: owner, ownerName: owner, tags: [], industry: n % 3 === 0 ? 'energy' : 'retail', version: 1,
        createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin', ...(n % 2 ? { lastOrderAt: at } : {}),
      });
    }
    const figures: string[] = [];

    for (const sort of CUSTOMER_SORTS) {
      for (const filtered of [false, true]) {
        // Act
        const criteria: CustomerListCriteria = { ownerId: owner, sort, ...(filtered ? { filters: [{ path: ['industry'], op: 'equals', value: 'energy' }] } : {}) };
        sent.length = 0;
        const seen: string[] = [];
        let pages = 0;
        let startKey: Record<string, string | number> | undefined;
        do {
          const page = await repository.list(criteria, { limit: 10, ...(startKey ? { startKey } : {}) });
          seen.push(...page.items.map((item) => item.id));
          startKey = page.lastKey;
          pages += 1;
        } while (startKey);

        // Assess
        expect(sent.every((command) => command === 'QueryCommand'), sort).toBe(true);
        expect(sent.length, sort).toBe(pages);
        expect(new Set(seen).size, sort).toBe(filtered ? 10 : 30);
        figures.push(`${sort}${filtered ? ' + industry' : ''}: ${seen.length} customers, ${pages} pages, ${sent.length} Queries`);
      }
    }
    console.info(`customer list orders (limit 10, 30 customers of one owner):\n${figures.join('\n')}`);
  });
});
