import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

/** `n` random common Han characters (U+4E00–U+9FA5): a name fragment no other test shares. */
export const randomHan = (n: number): string => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + randomInt(0x9fa5 - 0x4e00))).join('');

/** A random 11-digit mobile number starting with 19 (no demo data uses that range). */
export const randomMobile = (): string => `19${String(randomInt(1_000_000_000)).padStart(9, '0')}`;

const otherOwner = (owner: string): string => (owner === 'am2' ? 'am1' : 'am2');

/** The search routes in the generated role matrix: each finds a record of the caller's and one of another owner's. */
export const SEARCH_SCENARIOS = {
  searchCustomers: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const fragment = randomHan(6);
      for (const ownerId of [owner, otherOwner(owner)]) await arrangeCustomer(client, ownerId, { name: `北京${fragment}${ownerId}有限公司` });
      return {
        method: 'GET',
        // An infix: the middle of both names.
        path: `/v1/search/customers?q=${encodeURIComponent(fragment.slice(1, 5))}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: { ownerId: string; rank: string }[] }).items;
          if (caller === 'am1' || caller === 'am2') {
            expect(items.map((item) => item.ownerId)).toEqual([caller]);
          } else {
            expect(items.map((item) => item.ownerId).sort()).toEqual([owner, otherOwner(owner)].sort());
          }
          expect(items.every((item) => item.rank === 'infix')).toBe(true);
        },
      };
    },
  },
  findContacts: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const mobile = randomMobile();
      for (const ownerId of [owner, otherOwner(owner)]) {
        const customer = await arrangeCustomer(client, ownerId);
        const contact = await client.post(`/v1/customers/${customer.id}/contacts`, { name: `Caller ${ownerId}`, mobile }, { as: 'admin' });
        expect(contact.status, contact.text).toBe(201);
      }
      return {
        method: 'GET',
        path: `/v1/contacts?phone=${mobile.slice(-8)}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: { customer: { ownerId: string } }[] }).items;
          const owners = items.map((item) => item.customer.ownerId).sort();
          expect(owners).toEqual(caller === 'am1' || caller === 'am2' ? [caller] : [owner, otherOwner(owner)].sort());
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
