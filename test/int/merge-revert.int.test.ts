import { QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { MergeDependencies } from '#functions/customers/merge/merge.dependencies';
import { mergeCustomers } from '#functions/customers/merge/merge-customers.use-case';
import { DynamoDbMergeRepository } from '#functions/customers/merge/merge.repository';
import { DynamoDbMergeResumeRepository } from '#functions/customers/merge/merge-resume.repository';
import { DynamoDbMergeRevertRepository } from '#functions/customers/merge/merge-revert.repository';
import { revertMerge } from '#functions/customers/merge/revert-customer-merge.use-case';
import { runMergeStep } from '#functions/customers/merge/run-merge-step.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * A merge's revert on DynamoDB Local: everything moved goes back once (two runners at once double nothing), a
 * contact written between the merge and the revert stays with the survivor and is reported, and of two revert
 * requests at once one wins.
 */
describe('customer merge revert on DynamoDB Local', () => {
  const db = customerRecordsOnDynamoDb(16_105);
  const caller = { username: 'sales', scope: 'all' as const };
  const depsOn = (client: DynamoDBDocumentClient): MergeDependencies => ({
    customers: db.customers,
    merges: new DynamoDbMergeRepository(client, db.tableName, db.customers, 3),
    reverts: new DynamoDbMergeRevertRepository(client, db.tableName, 3),
    resumes: new DynamoDbMergeResumeRepository(client, db.tableName),
    trigger: { continueMerge: async () => undefined },
    clock: { now: () => new Date() },
    ids: ulidGenerator(seededRandom(16_106)),
    limits: { pageSize: 3, stepMillis: 60_000, revertDays: 30 },
  });
  const deps = depsOn(db.client);
  const collection = async (customerId: string) =>
    (await db.client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk }, ConsistentRead: true }))).Items ?? [];
  const skOf = async (customerId: string, prefix: string) => (await collection(customerId)).map((item) => String(item.sk)).filter((sk) => sk.startsWith(prefix)).sort();

  /** Two customers, the merged one with 3 contacts and 5 activities (one with an open follow-up), merged to completion. */
  const merged = async () => {
    const survivor = await db.newCustomer('am1');
    const gone = await db.newCustomer('am2');
    const contacts = [await db.addContact(gone.id, { primary: true }), await db.addContact(gone.id), await db.addContact(gone.id)];
    for (let n = 0; n < 5; n += 1) await db.addActivity(gone.id, db.day(n), n === 4 ? { nextFollowUpAt: '2099-01-01T00:00:00.000Z' } : {});
    const before = { contacts: await skOf(gone.id, 'CUSTOMER#CONTACT#'), activities: await skOf(gone.id, 'ACTIVITY#') };
    const started = await mergeCustomers(deps, { caller, survivorId: survivor.id, input: { mergedId: gone.id, keep: {} }, expectedVersion: 1 });
    const merge = await runMergeStep(deps, started.id, 60_000);
    expect(merge.status).toBe('completed');
    return { survivor, gone, contacts, before, merge };
  };

  it('moves everything back exactly once when two runners race, and brings the merged customer back', async () => {
    // Prepare
    const { survivor, gone, before, merge } = await merged();

    // Act: the revert is asked for twice at once; two job steps race; a third runs after the end.
    const asked = await Promise.allSettled([
      revertMerge(deps, { caller, mergeId: merge.id, expectedVersion: merge.version }),
      revertMerge(deps, { caller, mergeId: merge.id, expectedVersion: merge.version }),
    ]);
    const [one, two] = await Promise.all([runMergeStep(deps, merge.id, 60_000), runMergeStep(deps, merge.id, 60_000)]);
    const again = await runMergeStep(deps, merge.id, 60_000);

    // Assess: one request won; the other was refused (409 / 412).
    expect(asked.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(asked.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/InvalidTransition|VersionConflict/) } });
    expect([one.status, two.status]).toContain('reverted');
    expect(again).toMatchObject({ status: 'reverted', phase: 'reverted', revertRefused: 0 });
    expect(again.reverted).toMatchObject({ contacts: 3, activities: 5, followUps: 1 });
    expect({ contacts: await skOf(gone.id, 'CUSTOMER#CONTACT#'), activities: await skOf(gone.id, 'ACTIVITY#') }).toEqual(before);
    expect(await skOf(survivor.id, 'CUSTOMER#CONTACT#')).toEqual([]);
    expect(await skOf(survivor.id, 'ACTIVITY#')).toEqual([]);
    expect(await db.raw(customerKeys.item(survivor.id))).toMatchObject({ contactCount: 0, openFollowUpCount: 0 });
    const back = await db.raw(customerKeys.item(gone.id));
    expect(back).toMatchObject({ contactCount: 3, version: 3 });
    expect(back).not.toHaveProperty('deletedAt');
    expect(back).not.toHaveProperty('mergedInto');
    expect(back!.gsi1pk).toBeDefined();
    expect(await db.customers.get(gone.id)).toMatchObject({ id: gone.id });
  });

  it('leaves a contact written while the revert runs with the survivor, and reports it', async () => {
    // Prepare: a client that lets a writer change the second contact just before the revert moves it back.
    const { survivor, gone, contacts, merge } = await merged();
    const target = contactKeys.item(survivor.id, contacts[1]!.id);
    let raced = false;
    const racing = {
      send: async (command: unknown) => {
        const deleted = command instanceof TransactWriteCommand ? command.input.TransactItems?.[0]?.Delete : undefined;
        if (!raced && deleted?.Key?.sk === target.sk && deleted.Key.pk === target.pk) {
          raced = true;
          await db.client.send(new UpdateCommand({ TableName: db.tableName, Key: target, UpdateExpression: 'SET version = version + :one, updatedAt = :now', ExpressionAttributeValues: { ':one': 1, ':now': new Date().toISOString() } }));
        }
        return db.client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const racingDeps = depsOn(racing);

    // Act
    await revertMerge(racingDeps, { caller, mergeId: merge.id, expectedVersion: merge.version });
    const done = await runMergeStep(racingDeps, merge.id, 60_000);

    // Assess
    expect(raced).toBe(true);
    expect(done).toMatchObject({ status: 'reverted', revertRefused: 1 });
    expect(done.revertRefusals).toEqual([expect.objectContaining({ kind: 'contacts', key: target.sk, reason: expect.stringContaining('Changed since the merge') })]);
    expect(done.reverted).toMatchObject({ contacts: 2 });
    expect(await skOf(survivor.id, 'CUSTOMER#CONTACT#')).toEqual([target.sk]);
    expect(await skOf(gone.id, 'CUSTOMER#CONTACT#')).toHaveLength(2);
    expect(await db.raw(customerKeys.item(survivor.id))).toMatchObject({ contactCount: 1 });
  });
});
