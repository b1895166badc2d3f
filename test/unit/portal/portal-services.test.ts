import { beforeEach, describe, expect, it } from 'vitest';
import { assignService } from '#functions/services/assign-service.use-case';
import { getService } from '#functions/services/get-service.use-case';
import { handleService } from '#functions/services/handle-service.use-case';
import { listServices } from '#functions/services/list-services.use-case';
import {
  getPortalService,
  listPortalServices,
  recordPortalServiceFeedback,
  submitPortalService,
} from '#functions/services/portal-service.use-case';
import { portalServiceWithHistoryOf } from '#functions/portal/portal-service.view';
import { portalServiceWithHistorySchema, submitPortalServiceBody } from '#functions/portal/portal-service.schema';
import { callers } from '#test/fakes/customer-test-kit';
import { serviceTestKit } from '#test/fakes/service-test-kit';

const ACTOR = 'portal+6f0c3b4e-1d2a-4c5b-8e9f-0a1b2c3d4e5f';

describe('portal service requests (the services feature\'s public use cases)', () => {
  let kit: ReturnType<typeof serviceTestKit>;
  let customerId: string;
  const submit = (overrides: Partial<{ customerId: string }> = {}) =>
    submitPortalService(kit.deps, {
      actor: ACTOR,
      customerId: overrides.customerId ?? customerId,
      input: { type: 'complaint', title: '货物破损', request: 'The goods arrived broken.' },
    });
  /** Staff take a request to `handled`: assigned to am1, answered by am1. */
  const handleAsStaff = async (serviceId: string) => {
    await assignService(kit.deps, { caller: callers.sales, serviceId, expectedVersion: 1, input: { assigneeId: 'am1' } });
    await handleService(kit.deps, { caller: callers.am1, serviceId, expectedVersion: 2, input: { handling: 'Replaced the goods.' } });
  };

  beforeEach(() => {
    // Prepare (shared): am1 owns the customer of the portal user.
    kit = serviceTestKit();
    customerId = kit.customers.ofAm1.id;
  });

  it('enters the normal workflow with channel portal, notifies the owner in the same write, and staff see it', async () => {
    // Act
    const { service } = await submit();
    const staffList = await listServices(kit.deps, { caller: callers.am1, filters: { customerId }, page: { limit: 10 } });
    // Assess
    expect(service).toMatchObject({ status: 'created', channel: 'portal', customerId, createdBy: ACTOR, version: 1 });
    expect(kit.services.reminders).toEqual([
      expect.objectContaining({ kind: 'service', recipientId: 'am1', sourceId: service.id, remindAt: '2026-11-22T08:01:00.000Z', path: `/v1/services/${service.id}` }),
    ]);
    expect(staffList.items.map((item) => [item.id, item.channel])).toEqual([[service.id, 'portal']]);
    expect(kit.services.aggregates.get('2026-11#complaint')).toMatchObject({ count: 1, statusCreated: 1 });
  });

  it('refuses an archived customer, writing nothing', async () => {
    // Prepare
    kit.services.addCustomer({ ...kit.customers.ofAm1, archived: true });
    // Act
    const outcome = await submit().catch((error) => error.code);
    // Assess
    expect(outcome).toBe('CustomerNotFound');
    expect(kit.services.writes).toBe(0);
    expect(kit.services.reminders).toEqual([]);
  });

  it("lists and reads only the customer's own requests: another customer's id is 404 like a missing one", async () => {
    // Prepare
    const mine = (await submit()).service;
    const theirs = (await submit({ customerId: kit.customers.ofAm2.id })).service;
    // Act
    const list = await listPortalServices(kit.deps, { customerId, page: { limit: 10 } });
    const read = await getPortalService(kit.deps, { customerId, serviceId: mine.id });
    const foreign = await getPortalService(kit.deps, { customerId, serviceId: theirs.id }).catch((error) => error.code);
    // Assess
    expect(list.items.map((item) => item.id)).toEqual([mine.id]);
    expect(read.id).toBe(mine.id);
    expect(foreign).toBe('ServiceNotFound');
  });

  it('shows the public history only: steps, answers and feedback, never staff names or the assignee', async () => {
    // Prepare
    const { service } = await submit();
    await handleAsStaff(service.id);
    // Act
    const view = portalServiceWithHistoryOf(await getPortalService(kit.deps, { customerId, serviceId: service.id }));
    // Assess
    expect(portalServiceWithHistorySchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({ status: 'handled', progress: 'awaiting-feedback', handling: 'Replaced the goods.', channel: 'portal' });
    expect(view.history.map((step) => [step.step, step.status, step.by])).toEqual([
      ['submitted', 'created', 'customer'],
      ['assigned', 'assigned', 'staff'],
      ['answered', 'handled', 'staff'],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/am1|sales|assignee|李雷/);
  });

  it('takes feedback on a handled request with the staff rule: 1–2 reopens it, 3–5 archives it; audited as the portal user', async () => {
    // Prepare
    const { service } = await submit();
    await handleAsStaff(service.id);
    // Act
    const reopened = await recordPortalServiceFeedback(kit.deps, { actor: ACTOR, customerId, serviceId: service.id, expectedVersion: 3, input: { feedback: 'Still broken.', satisfaction: 2 } });
    await handleService(kit.deps, { caller: callers.am1, serviceId: service.id, expectedVersion: 4, input: { handling: 'Refunded.' } });
    const archived = await recordPortalServiceFeedback(kit.deps, { actor: ACTOR, customerId, serviceId: service.id, expectedVersion: 5, input: { feedback: 'Thanks.', satisfaction: 4 } });
    const staffView = await getService(kit.deps, { caller: callers.admin, serviceId: service.id });
    // Assess
    expect(reopened).toMatchObject({ status: 'assigned', assigneeId: 'am1', reopenCount: 1, feedbackBy: ACTOR, version: 4 });
    expect(reopened.handling).toBeUndefined();
    expect(archived).toMatchObject({ status: 'archived', satisfaction: 4, closedAt: '2026-11-22T08:00:00.000Z', updatedBy: ACTOR, version: 6 });
    expect(staffView.history.filter((move) => move.move === 'feedback').map((move) => [move.by, move.to])).toEqual([
      [ACTOR, 'assigned'],
      [ACTOR, 'archived'],
    ]);
  });

  it("refuses feedback before the request is handled (409), on a stale version (412), on another customer's request (404) — nothing written", async () => {
    // Prepare
    const { service } = await submit();
    const theirs = (await submit({ customerId: kit.customers.ofAm2.id })).service;
    const writes = kit.services.writes;
    const feedback = { feedback: 'Hm.', satisfaction: 5 };
    // Act
    const outcomes = await Promise.all([
      recordPortalServiceFeedback(kit.deps, { actor: ACTOR, customerId, serviceId: service.id, expectedVersion: 1, input: feedback }).catch((error) => error.code),
      recordPortalServiceFeedback(kit.deps, { actor: ACTOR, customerId, serviceId: service.id, expectedVersion: 9, input: feedback }).catch((error) => error.code),
      recordPortalServiceFeedback(kit.deps, { actor: ACTOR, customerId, serviceId: theirs.id, expectedVersion: 1, input: feedback }).catch((error) => error.code),
    ]);
    // Assess
    expect(outcomes).toEqual(['InvalidTransition', 'VersionConflict', 'ServiceNotFound']);
    expect(kit.services.writes).toBe(writes);
  });

  it('refuses a forged customerId, an unknown type and oversized text in the body (400 at the schema)', () => {
    // Act
    const outcomes = [
      submitPortalServiceBody.safeParse({ type: 'complaint', title: 'T', request: 'R', customerId: '01JCUSTOMER0000000000000BB' }),
      submitPortalServiceBody.safeParse({ type: 'praise', title: 'T', request: 'R' }),
      submitPortalServiceBody.safeParse({ type: 'complaint', title: 'T', request: 'x'.repeat(4001) }),
      submitPortalServiceBody.safeParse({ type: 'suggestion', title: 'T', request: 'x'.repeat(4000) }),
    ];
    // Assess
    expect(outcomes.map((outcome) => outcome.success)).toEqual([false, false, false, true]);
  });
});
