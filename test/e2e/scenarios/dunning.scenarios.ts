import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeCustomer, type RouteScenario } from './route-scenario';
import { arrangeProduct } from './orders.scenarios';
import { DEFAULT_LETTER_TEMPLATE } from '#functions/dunning/dunning-letter.template';

type Client = ReturnType<typeof api>;

/**
 * An order of a customer owned by `owner`, placed by the admin on 2000-01-01 with net 0 days: overdue since then, so
 * it sorts at the very start of the overdue list.
 */
export const arrangeOverdueOrder = async (client: Client, owner: string) => {
  const customer = await arrangeCustomer(client, owner, { address: '广州市天河区 3 号' });
  const product = await arrangeProduct(client);
  const response = await client.post<{ id: string; version: number; dueAt: string }>(
    `/v1/customers/${customer.id}/orders`,
    { orderedAt: '2000-01-01', paymentTermsDays: 0, lines: [{ productId: product.id, quantity: 2 }] },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return { customer, order: response.json };
};

const notesOf = async (client: Client, orderId: string) =>
  (await client.get<{ items: unknown[] }>(`/v1/orders/${orderId}/dunning-notes`, { as: 'admin' })).json.items;

/** How to exercise each route of the dunning function in the generated authorization matrix. */
export const DUNNING_SCENARIOS = {
  listDunning: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return {
        method: 'GET',
        path: '/v1/dunning?limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: { orderId: string; daysOverdue: number; bucket: string }[] }).items;
          expect(items.find((item) => item.orderId === order.id)).toMatchObject({ bucket: 'overdueOver90' });
        },
      };
    },
  },
  listDunningNotes: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return { method: 'GET', path: `/v1/orders/${order.id}/dunning-notes`, assertUnchanged: async () => undefined };
    },
  },
  createDunningNote: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/dunning-notes`,
        body: { method: 'phone', note: '客户答应下周付款', promisedPayAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
        assertUnchanged: async () => {
          expect(await notesOf(client, order.id)).toEqual([]);
          const current = await client.get<{ version: number }>(`/v1/orders/${order.id}`, { as: 'admin' });
          expect(current.json.version).toBe(1);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;

type Letter = { id: string; status: string; version: number };

/** An overdue order whose customer has a primary contact with an e-mail address (`email` overrides it). */
export const arrangeLetterOrder = async (client: Client, owner: string, email: string | null = 'finance@example.com') => {
  const arranged = await arrangeOverdueOrder(client, owner);
  const contact = await client.post(`/v1/customers/${arranged.customer.id}/contacts`, { name: '王会计', isPrimary: true, ...(email ? { email } : {}) }, { as: 'admin' });
  expect(contact.status, contact.text).toBe(201);
  return arranged;
};

/** A letter requested by the admin (the first of the order: awaiting approval), approved too when asked. */
export const arrangeLetter = async (client: Client, owner: string, approve: boolean) => {
  const { order } = await arrangeLetterOrder(client, owner);
  const requested = await client.post<Letter>(`/v1/orders/${order.id}/dunning-letters`, {}, { as: 'admin', headers: { 'if-match': `"${order.version}"` } });
  expect(requested.status, requested.text).toBe(201);
  if (!approve) return { order, letter: requested.json };
  const approved = await client.post<Letter>(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/approve`, {}, { as: 'sales', headers: { 'if-match': '"1"' } });
  expect(approved.status, approved.text).toBe(200);
  return { order, letter: approved.json };
};

const lettersOf = async (client: Client, orderId: string) =>
  (await client.get<{ items: Letter[] }>(`/v1/orders/${orderId}/dunning-letters`, { as: 'admin' })).json.items;

/** The letter routes in the generated authorization matrix. */
export const DUNNING_LETTER_SCENARIOS = {
  listDunningLetters: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return { method: 'GET', path: `/v1/orders/${order.id}/dunning-letters`, assertUnchanged: async () => undefined };
    },
  },
  requestDunningLetter: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order } = await arrangeLetterOrder(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/dunning-letters`,
        body: { message: '请尽快安排付款。' },
        headers: { 'if-match': `"${order.version}"` },
        assertUnchanged: async () => expect(await lettersOf(client, order.id)).toEqual([]),
        assertSuccess: (response) => expect(response.json).toMatchObject({ status: 'pending-approval', needsApproval: true, to: 'finance@example.com' }),
      };
    },
  },
  approveDunningLetter: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, letter } = await arrangeLetter(client, owner, false);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/dunning-letters/${letter.id}/approve`,
        body: {},
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => expect(await lettersOf(client, order.id)).toEqual([expect.objectContaining({ status: 'pending-approval', version: 1 })]),
      };
    },
  },
  sendDunningLetter: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, letter } = await arrangeLetter(client, owner, true);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/dunning-letters/${letter.id}/send`,
        body: {},
        headers: { 'if-match': '"2"' },
        assertUnchanged: async () => expect(await lettersOf(client, order.id)).toEqual([expect.objectContaining({ status: 'approved', version: 2 })]),
        assertSuccess: (response) => expect(response.json).toMatchObject({ status: 'sent', version: 4 }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;

// ------------------------------------------------------------------------------------------- letter template

export interface LetterTemplateBody {
  subject: string;
  text: string;
  html: string;
  placeholders: string[];
  builtIn: boolean;
  version: number;
}
const TEMPLATE_PATH = '/v1/dunning/letter-template';
/** Keeps the template above the versions generated requests guess (`"0"` … `"3"`, test/e2e/fuzz.e2e.test.ts). */
const TEMPLATE_MIN_VERSION = 4;

export const readLetterTemplate = async (client: Client): Promise<LetterTemplateBody> => {
  const response = await client.get<LetterTemplateBody>(TEMPLATE_PATH, { as: 'admin' });
  expect(response.status, response.text).toBe(200);
  return response.json;
};

/**
 * The letter template is global state: tests that read a letter's words put the built-in wording back first (the
 * matrix and the fuzz test store other templates), again on 412 when another file wrote it between read and write.
 */
export const restoreLetterTemplate = async (client: Client, minVersion = 0): Promise<LetterTemplateBody> => {
  for (let attempt = 1; ; attempt += 1) {
    const current = await readLetterTemplate(client);
    const same = current.subject === DEFAULT_LETTER_TEMPLATE.subject && current.text === DEFAULT_LETTER_TEMPLATE.text && current.html === DEFAULT_LETTER_TEMPLATE.html;
    if (same && current.version >= minVersion) return current;
    const response = await client.request<LetterTemplateBody>('PUT', TEMPLATE_PATH, { as: 'admin', body: { ...DEFAULT_LETTER_TEMPLATE }, headers: { 'if-match': `"${current.version}"` } });
    if (response.status === 200 && response.json.version >= minVersion) return response.json;
    expect(response.status === 200 || (response.status === 412 && attempt < 5), response.text).toBe(true);
  }
};

/** Everyone who approves letters reads the template; administrators replace it (the built-in wording, kept). */
export const DUNNING_TEMPLATE_SCENARIOS = {
  getDunningLetterTemplate: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: TEMPLATE_PATH,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const template = response.json as LetterTemplateBody;
          expect(template.placeholders).toContain('{{ orderNo }}');
          expect(response.headers.get('etag')).toBe(`"${template.version}"`);
        },
      };
    },
  },
  replaceDunningLetterTemplate: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const current = await restoreLetterTemplate(client, TEMPLATE_MIN_VERSION);
      return {
        method: 'PUT',
        path: TEMPLATE_PATH,
        body: { ...DEFAULT_LETTER_TEMPLATE },
        headers: { 'if-match': `"${current.version}"` },
        assertUnchanged: async () => expect((await readLetterTemplate(client)).version).toBe(current.version),
        assertSuccess: (response) => expect(response.json).toMatchObject({ version: current.version + 1, builtIn: false, subject: DEFAULT_LETTER_TEMPLATE.subject }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
