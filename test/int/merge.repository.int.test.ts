import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { attachmentEntity } from '#functions/attachments/attachment.entity';
import type { Attachment } from '#functions/attachments/attachment.ports';
import { describe, expect, it } from 'vitest';
import type { MergeDependencies } from '#functions/customers/merge/merge.dependencies';
import { mergeCustomers } from '#functions/customers/merge/merge-customers.use-case';
import { DynamoDbMergeRepository } from '#functions/customers/merge/merge.repository';
import { DynamoDbMergeResumeRepository } from '#functions/customers/merge/merge-resume.repository';
import { DynamoDbMergeRevertRepository } from '#functions/customers/merge/merge-revert.repository';
import { resumeMerge } from '#functions/customers/merge/resume-customer-merge.use-case';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import { runMergeStep } from '#functions/customers/merge/run-merge-step.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';
import { revertMerge } from '#functions/customers/merge/revert-customer-merge.use-case';
import { orderEntity } from '#functions/orders/order/order.entity';
import { orderSummaryEntity, summaryOf } from '#functions/orders/order/order-summary.entity';
import type { Order } from '#functions/orders/order/order.schema';
import { shipmentEntity } from '#functions/orders/shipments/shipment.entity';
import type { Shipment } from '#functions/orders/shipments/shipment.schema';
import { invoiceEntity } from '#functions/orders/invoices/invoice.entity';
import type { Invoice } from '#functions/orders/invoices/invoice.schema';
import { invoiceKeys } from '#shared/keys/invoices.keys';
import { shipmentKeys } from '#shared/keys/shipments.keys';

/**
 * The merge's repository on DynamoDB Local: a merge that spans many pages and steps, run by two runners at once and
 * once more after it completed, moves every item exactly once (the per-item transactions' conditions decide).
 */
describe('customer merge on DynamoDB Local', () => {
  const db = customerRecordsOnDynamoDb(16_005);
  const continued: string[] = [];
  const deps: MergeDependencies = {
    customers: db.customers,
    merges: new DynamoDbMergeRepository(db.client, db.tableName, db.customers, 3),
    reverts: new DynamoDbMergeRevertRepository(db.client, db.tableName, 3),
    resumes: new DynamoDbMergeResumeRepository(db.client, db.tableName),
    trigger: { continueMerge: async (mergeId) => void continued.push(mergeId) },
    clock: { now: () => new Date() },
    ids: ulidGenerator(seededRandom(16_006)),
    limits: { pageSize: 3, stepMillis: 60_000, revertDays: 30 },
  };
  const collection = async (customerId: string) =>
    (await db.client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk }, ConsistentRead: true }))).Items ?? [];

  it('moves every item exactly once when two runners race and a third runs after the end', async () => {
    // Prepare: the merged customer with 3 contacts (one primary), 8 activities (one with an open follow-up)
    const survivor = await db.newCustomer('am1');
    const merged = await db.newCustomer('am2');
    const contacts = [await db.addContact(merged.id, { primary: true }), await db.addContact(merged.id), await db.addContact(merged.id)];
    const activities: { id: string }[] = [];
    for (let n = 0; n < 8; n += 1) {
      activities.push(await db.addActivity(merged.id, db.day(n), n === 7 ? { nextFollowUpAt: '2099-01-01T00:00:00.000Z' } : {}));
    }

    // Act: the request starts it; two job steps race; a third runs when it is done.
    const started = await mergeCustomers(deps, { caller: { username: 'sales', scope: 'all' }, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const [one, two] = await Promise.all([runMergeStep(deps, started.id, 60_000), runMergeStep(deps, started.id, 60_000)]);
    const again = await runMergeStep(deps, started.id, 60_000);

    // Assess
    expect(started.status).toBe('running');
    expect(continued).toEqual([started.id]);
    expect([one.status, two.status]).toContain('completed');
    expect(again).toMatchObject({ status: 'completed', phase: 'done' });
    expect(again.moved).toMatchObject({ contacts: 3, activities: 8, followUps: 1, other: 1 });
    expect((await collection(merged.id)).map((item) => item.sk)).toEqual(['CUSTOMER']);
    const moved = await collection(survivor.id);
    expect(moved.filter((item) => String(item.sk).startsWith('ACTIVITY#')).map((item) => item.id).sort()).toEqual(activities.map((activity) => activity.id).sort());
    expect(moved.filter((item) => String(item.sk).startsWith('CUSTOMER#CONTACT#'))).toHaveLength(3);
    const head = await db.raw(customerKeys.item(survivor.id));
    expect(head).toMatchObject({ contactCount: 3, openFollowUpCount: 1, primaryContactId: contacts[0]!.id, lastContactAt: db.day(7) });
    const directory = await db.raw({ pk: customerKeys.item(survivor.id).pk, sk: 'CONTACTS' });
    expect(Object.keys(directory ?? {}).filter((name) => contacts.some((contact) => contact.id === name))).toHaveLength(3);
    expect(await db.raw(customerKeys.item(merged.id))).toMatchObject({ mergedInto: survivor.id });
    // The ledger keeps, per moved item, the stamp of the survivor's copy (what a revert's "unchanged" check needs).
    const ledger = (await db.client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :moved)', ExpressionAttributeValues: { ':pk': `MERGE#${started.id}`, ':moved': 'MOVED#' }, ConsistentRead: true }))).Items ?? [];
    const activity = moved.find((item) => item.id === activities[0]!.id)!;
    expect(ledger.find((entry) => entry.targetSk === activity.sk)).toMatchObject({ kind: 'activities', fromSk: activity.sk, version: activity.version, updatedAt: activity.updatedAt });
  });

  it('hands a stalled merge back to its job: refused while it may still progress, resumed once after 10 quiet minutes', async () => {
    // Prepare: a merge whose job never ran (this suite's trigger only records the call), read 11 minutes later
    const survivor = await db.newCustomer('am1');
    const merged = await db.newCustomer('am1');
    await db.addContact(merged.id);
    const started = await mergeCustomers(deps, { caller: { username: 'sales', scope: 'all' }, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const later: MergeDependencies = { ...deps, clock: { now: () => new Date(Date.now() + 11 * 60_000) } };
    const resume = (on: MergeDependencies) => resumeMerge(on, { caller: { username: 'sales', scope: 'all' }, mergeId: started.id, expectedVersion: started.version });
    const codeOf = (outcome: PromiseSettledResult<unknown>) => (outcome.status === 'rejected' && isDomainError(outcome.reason) ? outcome.reason.code : outcome.status);

    // Act
    const early = await Promise.allSettled([resume(deps)]);
    const racing = await Promise.allSettled([resume(later), resume(later)]);
    const done = await runMergeStep(deps, started.id, 60_000);

    // Assess: just started → 409; of two resumes at once exactly one wins (the other 412 or 409); the job then ends it
    expect(codeOf(early[0]!)).toBe(ErrorCode.InvalidTransition);
    const won = racing.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect((won[0] as PromiseFulfilledResult<{ status: string; version: number; resumedBy?: string }>).value).toMatchObject({ status: 'running', version: started.version + 1, resumedBy: 'sales' });
    expect([ErrorCode.VersionConflict, ErrorCode.InvalidTransition]).toContain(codeOf(racing.find((outcome) => outcome.status === 'rejected')!));
    expect(continued.filter((id) => id === started.id)).toHaveLength(2);
    expect(done).toMatchObject({ status: 'completed', moved: { contacts: 1 } });
  });

  it('moves every attachment under the merged customer (on it, on its order, deleted) once, retrying one a writer changed in between', async () => {
    // Prepare: 4 attachments under the merged customer (2 pages of 3); a client that lets a writer bump the first
    // attachment the merge tries to move just before its move (a delete or the upload check in between).
    const survivor = await db.newCustomer('am1');
    const merged = await db.newCustomer('am2');
    const attachment = (n: number, over: Partial<Attachment> = {}): Attachment => ({
      id: `01JNW8Y3C5K7Q2V9R4T6M8P0A${n}`, parentType: 'customer', parentId: merged.id, customerId: merged.id, fileName: `f${n}.pdf`,
      contentType: 'application/pdf', size: 10, status: 'available', fileKey: `attachments/${n}`, version: 1,
      createdAt: db.day(n), createdBy: 'am2', updatedAt: db.day(n), updatedBy: 'am2', ...over,
    });
    const attachments = [
      attachment(1),
      attachment(2, { deletedAt: db.day(5), deletedBy: 'am2' }),
      attachment(3, { parentType: 'order', parentId: '01JNW8Y3C5K7Q2V9R4T6M8P0RD' }),
      attachment(4, { parentType: 'order', parentId: '01JNW8Y3C5K7Q2V9R4T6M8P0RD' }),
    ];
    for (const item of attachments) await db.client.send(new PutCommand({ TableName: db.tableName, Item: attachmentEntity.toItem(item) }));
    let raced: string | undefined;
    const racing = {
      send: async (command: unknown) => {
        const update = command instanceof TransactWriteCommand ? command.input.TransactItems?.[0]?.Update : undefined;
        if (!raced && String(update?.Key?.pk).startsWith('ATTACHMENT#')) {
          raced = String(update!.Key!.pk);
          await db.client.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: raced, sk: 'ATTACHMENT' }, UpdateExpression: 'SET version = version + :one', ExpressionAttributeValues: { ':one': 1 } }));
        }
        return db.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const racingDeps = { ...deps, merges: new DynamoDbMergeRepository(racing, db.tableName, db.customers, 3) };

    // Act: two runners race, a third runs after the end
    const started = await mergeCustomers(racingDeps, { caller: { username: 'sales', scope: 'all' }, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    await Promise.all([runMergeStep(racingDeps, started.id, 60_000), runMergeStep(racingDeps, started.id, 60_000)]);
    const again = await runMergeStep(racingDeps, started.id, 60_000);

    // Assess
    expect(again).toMatchObject({ status: 'completed', phase: 'done' });
    expect(again.moved.attachments).toBe(4);
    const stored = await Promise.all(attachments.map(async (item) => db.raw(attachmentKeys.item(item.id))));
    for (const item of stored) expect(item).toMatchObject({ customerId: survivor.id, gsi2pk: attachmentKeys.underCustomer.pk(survivor.id), version: item!.pk === raced ? 3 : 2 });
    expect(stored.map((item) => [item!.parentId, item!.gsi1pk])).toEqual([
      [survivor.id, attachmentKeys.byParent.pk('customer', survivor.id)],
      [survivor.id, attachmentKeys.byParent.pk('customer', survivor.id)],
      ['01JNW8Y3C5K7Q2V9R4T6M8P0RD', attachmentKeys.byParent.pk('order', '01JNW8Y3C5K7Q2V9R4T6M8P0RD')],
      ['01JNW8Y3C5K7Q2V9R4T6M8P0RD', attachmentKeys.byParent.pk('order', '01JNW8Y3C5K7Q2V9R4T6M8P0RD')],
    ]);
    expect(stored[1]!.gsi2sk).toBe(attachmentKeys.deletedSortKey(db.day(5), attachments[1]!.id));
    expect(raced).toBeDefined();
  });

  it('moves the by-customer index entries of a merged customer’s order (a shipment in transit, an invoice) to the survivor, one version up, and a revert moves them back', async () => {
    // Prepare: an order of the merged customer with a shipment in transit, a delivered one and an invoice, written as
    // the orders feature stores them.
    const survivor = await db.newCustomer('am1');
    const merged = await db.newCustomer('am2');
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    const at = db.day(1);
    const stamp = { version: 1, createdAt: at, createdBy: 'am2', updatedAt: at, updatedBy: 'am2' };
    const orderId = deps.ids.next();
    const line = { lineNo: 1, productId: deps.ids.next(), productCode: 'P-1', productName: 'P', unit: 'pcs', quantity: 2, unitPrice: cny(50_00), discount: cny(0), amount: cny(100_00), shippedQuantity: 2, deliveredQuantity: 1 };
    const order: Order = {
      id: orderId, orderNo: `O-${orderId.slice(-8)}`, customerId: merged.id, customerName: merged.name, status: 'shipped', orderedAt: at, deliveryAddress: 'x', lines: [line],
      subtotal: cny(100_00), discountTotal: cny(0), total: cny(100_00), paidAmount: cny(0), balance: cny(100_00), paymentStatus: 'unpaid', invoicedAmount: cny(100_00), ...stamp,
    };
    const shipment = (status: Shipment['status']): Shipment => ({
      id: deps.ids.next(), orderId, orderNo: order.orderNo, customerId: merged.id, customerName: merged.name, status, carrier: 'SF', trackingNumber: 'SF1',
      consignee: { name: 'W', phone: '1380000', address: 'x' }, shippedAt: at, lines: [{ productId: line.productId, productCode: 'P-1', productName: 'P', unit: 'pcs', quantity: 1 }],
      orderVersion: 1, ...(status === 'delivered' ? { deliveredAt: at } : {}), ...stamp,
    });
    const [travelling, arrived] = [shipment('in_transit'), shipment('delivered')];
    const invoice: Invoice = {
      id: deps.ids.next(), number: `I-${orderId.slice(-8)}`, orderId, orderNo: order.orderNo, customerId: merged.id, type: 'ordinary', status: 'issued', taxRate: 13,
      amount: cny(100_00), netAmount: cny(88_50), taxAmount: cny(11_50), issuedAt: at, buyer: { name: merged.name }, orderVersion: 1, ...stamp,
    };
    for (const item of [orderEntity.toItem(order), orderSummaryEntity.toItem(summaryOf(order)), shipmentEntity.toItem(travelling), shipmentEntity.toItem(arrived), invoiceEntity.toItem(invoice)]) {
      await db.client.send(new PutCommand({ TableName: db.tableName, Item: item }));
    }
    const onIndex = async (pk: string) =>
      ((await db.client.send(new QueryCommand({ TableName: db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? []).map((item) => item.id);
    const read = async (sk: string) => db.raw({ pk: `ORDER#${orderId}`, sk });

    // Act
    const started = await mergeCustomers(deps, { caller: { username: 'sales', scope: 'all' }, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const done = await runMergeStep(deps, started.id, 60_000);
    const afterMerge = { transit: await onIndex(shipmentKeys.inTransitByCustomer.pk(survivor.id)), invoices: await onIndex(invoiceKeys.byCustomer.pk(survivor.id)) };
    const left = { transit: await onIndex(shipmentKeys.inTransitByCustomer.pk(merged.id)), invoices: await onIndex(invoiceKeys.byCustomer.pk(merged.id)) };
    const moved = { travelling: await read(`SHIPMENT#${travelling.id}`), arrived: await read(`SHIPMENT#${arrived.id}`), invoice: await read(`INVOICE#${invoice.id}`) };
    await revertMerge(deps, { caller: { username: 'sales', scope: 'all' }, mergeId: done.id, expectedVersion: done.version });
    const reverted = await runMergeStep(deps, done.id, 60_000);

    // Assess
    expect(done).toMatchObject({ status: 'completed', moved: { orders: 1 } });
    expect(afterMerge).toEqual({ transit: [travelling.id], invoices: [invoice.id] });
    expect(left).toEqual({ transit: [], invoices: [] });
    expect(moved.travelling).toMatchObject({ customerId: survivor.id, customerName: survivor.name, version: 2 });
    expect(moved.arrived).toMatchObject({ customerId: survivor.id, version: 2 });
    expect(moved.arrived).not.toHaveProperty('gsi1pk');
    expect(moved.invoice).toMatchObject({ customerId: survivor.id, version: 2, buyer: { name: merged.name } });
    expect(reverted).toMatchObject({ status: 'reverted', revertRefused: 0 });
    expect(await onIndex(shipmentKeys.inTransitByCustomer.pk(merged.id))).toEqual([travelling.id]);
    expect(await onIndex(invoiceKeys.byCustomer.pk(merged.id))).toEqual([invoice.id]);
    expect(await onIndex(invoiceKeys.byCustomer.pk(survivor.id))).toEqual([]);
    expect(await read(`INVOICE#${invoice.id}`)).toMatchObject({ customerId: merged.id, version: 3 });
  });
});
