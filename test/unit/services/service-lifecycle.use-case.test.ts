import { beforeEach, describe, expect, it } from 'vitest';
import { assignService } from '#functions/services/assign-service.use-case';
import { createService } from '#functions/services/create-service.use-case';
import { getService } from '#functions/services/get-service.use-case';
import { handleService } from '#functions/services/handle-service.use-case';
import { listServices } from '#functions/services/list-services.use-case';
import { recordServiceFeedback } from '#functions/services/record-service-feedback.use-case';
import type { Service } from '#functions/services/service.schema';
import { ErrorCode } from '#shared/core/errors';
import type { Caller } from '#shared/auth/caller';
import { callers } from '#test/fakes/customer-test-kit';
import { serviceTestKit } from '#test/fakes/service-test-kit';

const exec = { username: 'exec', scope: 'all' } as const;

describe('service request use cases: life cycle, scope and invalid moves', () => {
  let kit: ReturnType<typeof serviceTestKit>;
  let complaint: Service;

  const create = (caller: Caller = callers.am1, customerId = kit.customers.ofAm1.id) =>
    createService(kit.deps, { caller, input: { type: 'complaint', title: '货物破损', customerId, request: 'The goods arrived broken.' } });
  const move = { caller: callers.am1 };

  beforeEach(async () => {
    // Prepare (shared): am1 files a complaint for their own customer.
    kit = serviceTestKit();
    complaint = (await create()).service;
  });

  it('takes a complaint from creation to archive, each role doing only its part, with the full history', async () => {
    // Act
    kit.time.advance(60_000);
    const assigned = await assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId: 'am1' } });
    kit.time.advance(60_000);
    const handled = await handleService(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 2, input: { handling: 'Replaced the goods.' } });
    kit.time.advance(60_000);
    const archived = await recordServiceFeedback(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 3, input: { feedback: 'Happy now.', satisfaction: 5 } });
    const read = await getService(kit.deps, { caller: exec, serviceId: complaint.id });

    // Assess
    expect(complaint).toMatchObject({ status: 'created', version: 1, customerName: '北京石油', createdBy: 'am1', reopenCount: 0 });
    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: 'am1', assigneeName: '李雷 Li Lei', assignedBy: 'sales', version: 2 });
    expect(handled).toMatchObject({ status: 'handled', handling: 'Replaced the goods.', handledBy: 'am1', version: 3 });
    expect(archived).toMatchObject({ status: 'archived', satisfaction: 5, closedAt: '2026-11-22T08:03:00.000Z', version: 4 });
    expect(read.history.map((entry) => [entry.move, entry.from, entry.to, entry.by, entry.version])).toEqual([
      ['create', undefined, 'created', 'am1', 1],
      ['assign', 'created', 'assigned', 'sales', 2],
      ['handle', 'assigned', 'handled', 'am1', 3],
      ['feedback', 'handled', 'archived', 'am1', 4],
    ]);
  });

  it('reopens a request when satisfaction is below 3, keeps the first round in the history, and archives the second try', async () => {
    // Prepare
    await assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId: 'am1' } });
    await handleService(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 2, input: { handling: 'Sent an apology.' } });

    // Act
    const reopened = await recordServiceFeedback(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 3, input: { feedback: 'Not enough.', satisfaction: 2 } });
    const second = await handleService(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 4, input: { handling: 'Refunded the order.' } });
    const archived = await recordServiceFeedback(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 5, input: { feedback: 'Fine.', satisfaction: 3 } });
    const { history } = await getService(kit.deps, { caller: callers.admin, serviceId: complaint.id });

    // Assess
    expect(reopened).toMatchObject({ status: 'assigned', assigneeId: 'am1', reopenCount: 1, satisfaction: 2, feedback: 'Not enough.' });
    expect(reopened.handling).toBeUndefined();
    expect(reopened.closedAt).toBeUndefined();
    expect(second).toMatchObject({ status: 'handled', handling: 'Refunded the order.' });
    expect(archived).toMatchObject({ status: 'archived', satisfaction: 3, reopenCount: 1 });
    expect(history.filter((entry) => entry.move === 'handle').map((entry) => entry.handling)).toEqual(['Sent an apology.', 'Refunded the order.']);
    expect(history.filter((entry) => entry.move === 'feedback').map((entry) => [entry.satisfaction, entry.to])).toEqual([
      [2, 'assigned'],
      [3, 'archived'],
    ]);
  });

  it('keeps the service-analysis counts exact through the life cycle, reopen included', async () => {
    // Act
    await assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId: 'am1' } });
    await handleService(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 2, input: { handling: 'x' } });
    await recordServiceFeedback(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 3, input: { feedback: 'no', satisfaction: 1 } });
    await handleService(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 4, input: { handling: 'y' } });
    await recordServiceFeedback(kit.deps, { ...move, serviceId: complaint.id, expectedVersion: 5, input: { feedback: 'ok', satisfaction: 4 } });
    await create(callers.admin, kit.customers.ofAm2.id);

    // Assess — one archived and one created complaint in 2026-11; two ratings (1 and 4).
    expect(kit.services.aggregates.get('2026-11#complaint')).toEqual({
      count: 2,
      statusCreated: 1,
      statusAssigned: 0,
      statusHandled: 0,
      statusArchived: 1,
      satisfactionSum: 5,
      satisfactionCount: 2,
      satisfaction1: 1,
      satisfaction4: 1,
      reopened: 1,
    });
  });

  it.each([
    ['handle a created request', (id: string) => handleService(kit.deps, { caller: callers.admin, serviceId: id, expectedVersion: 1, input: { handling: 'x' } })],
    ['record feedback on a created request', (id: string) => recordServiceFeedback(kit.deps, { caller: callers.admin, serviceId: id, expectedVersion: 1, input: { feedback: 'x', satisfaction: 4 } })],
  ])('refuses to %s with 409 and changes nothing', async (_label, attempt) => {
    // Act + Assess
    await expect(attempt(complaint.id)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(kit.services.services.get(complaint.id)).toMatchObject({ status: 'created', version: 1 });
    expect(kit.services.history.get(complaint.id)).toHaveLength(1);
  });

  it('refuses to assign an archived request (409) and to reassign to the same assignee (409)', async () => {
    // Prepare
    await assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId: 'am1' } });

    // Act
    const same = assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 2, input: { assigneeId: 'am1' } });
    const reassigned = await assignService(kit.deps, { caller: callers.admin, serviceId: complaint.id, expectedVersion: 2, input: { assigneeId: 'am2' } });
    await handleService(kit.deps, { caller: callers.am2, serviceId: complaint.id, expectedVersion: 3, input: { handling: 'x' } });
    await recordServiceFeedback(kit.deps, { caller: callers.am2, serviceId: complaint.id, expectedVersion: 4, input: { feedback: 'ok', satisfaction: 4 } });
    const afterArchive = assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 5, input: { assigneeId: 'am1' } });

    // Assess
    await expect(same).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(reassigned).toMatchObject({ assigneeId: 'am2', version: 3 });
    expect(kit.services.history.get(complaint.id)?.[2]).toMatchObject({ move: 'reassign', from: 'assigned', to: 'assigned', assigneeId: 'am2' });
    await expect(afterArchive).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('refuses a stale If-Match with 412 before judging the move', async () => {
    await expect(
      assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 7, input: { assigneeId: 'am1' } }),
    ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
  });

  it.each([
    ['an executive', 'exec'],
    ['a disabled user', 'gone'],
    ['an unknown user', 'nobody'],
  ])('refuses to assign to %s (400 InvalidAssignee) and changes nothing', async (_label, assigneeId) => {
    await expect(
      assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidAssignee });
    expect(kit.services.services.get(complaint.id)?.version).toBe(1);
  });

  it('lets an account manager create only for their own customers: another owner\'s customer is not found', async () => {
    await expect(create(callers.am1, kit.customers.ofAm2.id)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(create(callers.am1, '01JZZZZZZZZZZZZZZZZZZZZZZZ')).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
  });

  it('shows an account manager the requests of their customers and those assigned to them, and nothing else', async () => {
    // Prepare — a request of am2's customer assigned to am1, and one of am2's customer that am1 has nothing to do with.
    const assignedToAm1 = (await create(callers.admin, kit.customers.ofAm2.id)).service;
    await assignService(kit.deps, { caller: callers.sales, serviceId: assignedToAm1.id, expectedVersion: 1, input: { assigneeId: 'am1' } });
    const unrelated = (await create(callers.admin, kit.customers.ofAm2.id)).service;

    // Act + Assess
    await expect(getService(kit.deps, { caller: callers.am1, serviceId: complaint.id })).resolves.toMatchObject({ id: complaint.id });
    await expect(getService(kit.deps, { caller: callers.am1, serviceId: assignedToAm1.id })).resolves.toMatchObject({ id: assignedToAm1.id });
    await expect(getService(kit.deps, { caller: callers.am1, serviceId: unrelated.id })).rejects.toMatchObject({ code: ErrorCode.ServiceNotFound });
    await expect(getService(kit.deps, { caller: callers.am2, serviceId: unrelated.id })).resolves.toMatchObject({ id: unrelated.id });
  });

  it('lists for an account manager: their queue by default, a customer of theirs in full, never a wider list', async () => {
    // Prepare
    const other = (await create(callers.admin, kit.customers.ofAm2.id)).service;
    await assignService(kit.deps, { caller: callers.sales, serviceId: other.id, expectedVersion: 1, input: { assigneeId: 'am1' } });
    const page = { limit: 25 };

    // Act
    const queue = await listServices(kit.deps, { caller: callers.am1, filters: {}, page });
    const ownCustomer = await listServices(kit.deps, { caller: callers.am1, filters: { customerId: kit.customers.ofAm1.id }, page });
    const foreignCustomer = await listServices(kit.deps, { caller: callers.am1, filters: { customerId: kit.customers.ofAm2.id }, page });
    const othersQueue = await listServices(kit.deps, { caller: callers.am1, filters: { assigneeId: 'am2' }, page });
    const all = await listServices(kit.deps, { caller: callers.admin, filters: {}, page });

    // Assess
    expect(queue.items.map((item) => item.id)).toEqual([other.id]);
    expect(ownCustomer.items.map((item) => item.id)).toEqual([complaint.id]);
    expect(foreignCustomer.items.map((item) => item.id)).toEqual([other.id]);
    expect(othersQueue.items).toEqual([]);
    expect(all.items).toHaveLength(2);
  });

  it('lets an account manager handle only what is assigned to them: a visible request of someone else is 403, a hidden one 404', async () => {
    // Prepare — am1's customer's request assigned to sales; am2's customer's request assigned to am2.
    await assignService(kit.deps, { caller: callers.sales, serviceId: complaint.id, expectedVersion: 1, input: { assigneeId: 'sales' } });
    const hidden = (await create(callers.admin, kit.customers.ofAm2.id)).service;
    await assignService(kit.deps, { caller: callers.sales, serviceId: hidden.id, expectedVersion: 1, input: { assigneeId: 'am2' } });

    // Act
    const visible = handleService(kit.deps, { caller: callers.am1, serviceId: complaint.id, expectedVersion: 2, input: { handling: 'x' } });
    const notVisible = handleService(kit.deps, { caller: callers.am1, serviceId: hidden.id, expectedVersion: 2, input: { handling: 'x' } });

    // Assess
    await expect(visible).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(notVisible).rejects.toMatchObject({ code: ErrorCode.ServiceNotFound });
    expect(kit.services.services.get(complaint.id)?.status).toBe('assigned');
    expect(kit.services.services.get(hidden.id)?.status).toBe('assigned');
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another request', async () => {
    // Prepare
    const claim = { username: 'am1', operationId: 'createService', key: 'key-12345678', fingerprint: 'a' };
    const input = { type: 'suggestion', title: 'Open on Sundays', customerId: kit.customers.ofAm1.id, request: 'Please.' } as const;

    // Act
    const first = await createService(kit.deps, { caller: callers.am1, input, idempotency: claim });
    const again = await createService(kit.deps, { caller: callers.am1, input, idempotency: claim });
    const other = createService(kit.deps, { caller: callers.am1, input, idempotency: { ...claim, fingerprint: 'b' } });

    // Assess
    expect(again).toEqual({ kind: 'replayed', service: first.service });
    await expect(other).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
  });
});
