import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Actor, StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { StoredMerge } from '#functions/customers/merge/merge.entity';
import type { MergeRepository, MergeResumeRepository, MovePage, MovePhase, SurvivorRef } from '#functions/customers/merge/merge.ports';
import type { MergePhase, MovedKind } from '#functions/customers/merge/merge.schema';
import type { InMemoryCustomerRepository } from './in-memory-customer.repository';

/** A record under a customer, as far as a merge cares: its kind and id. */
export interface FakeRecord {
  readonly kind: MovedKind;
  readonly id: string;
  /** Bumped by a test's writer after the merge: a revert leaves such a record with the survivor. */
  readonly version?: number;
}

/** A ledger entry of the fake: the record as moved, where it went, and what a revert did with it. */
export interface FakeLedgerEntry {
  readonly phase: MovePhase;
  readonly record: FakeRecord;
  revertedAt?: string;
  refusal?: string;
}

/**
 * The merge's storage in memory: the records under each customer (and their tasks, attachments, opportunities, quotes
 * and portal users) as plain lists, moved a page at a time; the start retires the merged customer through the in-memory customer repository, as the real one does.
 * `failNextMoveAfter` makes a page stop (throw) after that many moves: a crash mid-page.
 */
export class InMemoryMergeRepository implements MergeRepository, MergeResumeRepository {
  readonly merges = new Map<string, StoredMerge>();
  readonly records = new Map<string, FakeRecord[]>();
  readonly tasks = new Map<string, FakeRecord[]>();
  readonly attachments = new Map<string, FakeRecord[]>();
  readonly opportunities = new Map<string, FakeRecord[]>();
  readonly quotes = new Map<string, FakeRecord[]>();
  readonly portalUsers = new Map<string, FakeRecord[]>();
  /** Per merge, one entry per moved record (what the revert walks). */
  readonly ledger = new Map<string, FakeLedgerEntry[]>();
  failNextMoveAfter: number | undefined;

  constructor(
    private readonly customers: InMemoryCustomerRepository,
    private readonly pageSize: number,
  ) {}

  recordsOf(customerId: string): FakeRecord[] {
    return this.records.get(customerId) ?? [];
  }

  async start(merge: StoredMerge, merged: { id: string; version: number }, actor: Actor): Promise<void> {
    await this.customers.archive(merged.id, { expectedVersion: merged.version }, actor, {
      survivorId: merge.survivorId,
      mergeId: merge.id,
      parts: () => {
        const survivor = this.customers.customers.get(merge.survivorId);
        if (!survivor || survivor.deletedAt) throw new DomainError(ErrorCode.CustomerNotFound, 'survivor not found');
        if (survivor.version !== merge.survivorVersion) throw new DomainError(ErrorCode.VersionConflict, 'survivor stale');
        this.merges.set(merge.id, structuredClone(merge));
        return [];
      },
      refusal: () => undefined,
    });
  }

  async get(mergeId: string): Promise<StoredMerge | undefined> {
    const merge = this.merges.get(mergeId);
    return merge && structuredClone(merge);
  }

  async movePage(merge: StoredMerge, phase: MovePhase, survivor: SurvivorRef): Promise<MovePage> {
    const store = { records: this.records, tasks: this.tasks, attachments: this.attachments, opportunities: this.opportunities, quotes: this.quotes, portalUsers: this.portalUsers }[phase];
    const from = store.get(merge.mergedId) ?? [];
    const page = from.slice(0, this.pageSize);
    let moved = 0;
    for (const record of page) {
      if (this.failNextMoveAfter !== undefined && moved >= this.failNextMoveAfter) {
        this.failNextMoveAfter = undefined;
        throw new Error('crash mid-page');
      }
      // One item's move is one transaction: off the merged customer, onto the survivor, counted.
      from.splice(from.indexOf(record), 1);
      store.set(survivor.id, [...(store.get(survivor.id) ?? []), record]);
      const stored = this.merges.get(merge.id)!;
      this.merges.set(merge.id, { ...stored, moved: { ...stored.moved, [record.kind]: (stored.moved[record.kind] ?? 0) + 1 } });
      this.ledger.set(merge.id, [...(this.ledger.get(merge.id) ?? []), { phase, record }]);
      moved += 1;
    }
    return { moved, done: from.length === 0 };
  }

  async finish(merge: StoredMerge, merged: StoredCustomer): Promise<void> {
    const survivor = this.customers.customers.get(merge.survivorId);
    if (!survivor || survivor.deletedAt) throw new DomainError(ErrorCode.CustomerNotFound, 'survivor archived');
    const stored = this.merges.get(merge.id)!;
    if (stored.phase !== 'finish') return;
    const later = (a: string | undefined, b: string | undefined) => (a && (!b || a > b) ? a : b);
    this.customers.customers.set(survivor.id, {
      ...survivor,
      ...(later(merged.lastOrderAt, survivor.lastOrderAt) ? { lastOrderAt: later(merged.lastOrderAt, survivor.lastOrderAt)! } : {}),
      ...(later(merged.lastContactAt, survivor.lastContactAt) ? { lastContactAt: later(merged.lastContactAt, survivor.lastContactAt)! } : {}),
    });
    this.merges.set(merge.id, { ...stored, phase: 'done', status: 'completed', completedAt: new Date(0).toISOString(), version: stored.version + 1 });
  }

  async advance(merge: StoredMerge, to: MergePhase, at: string, patch: Parameters<MergeRepository['advance']>[3] = {}): Promise<StoredMerge> {
    const stored = this.merges.get(merge.id)!;
    if (stored.phase === merge.phase && stored.status === 'running') {
      this.merges.set(merge.id, {
        ...stored,
        phase: to,
        updatedAt: at,
        version: stored.version + 1,
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.failure ? { failure: patch.failure } : {}),
        ...(patch.keptVersion !== undefined ? { keptVersion: patch.keptVersion } : {}),
        ...(patch.warnings?.length ? { warnings: [...stored.warnings, ...patch.warnings] } : {}),
      });
    }
    return structuredClone(this.merges.get(merge.id)!);
  }

  /** The resume's conditions as the table holds them (version, running or reverting, no progress since `stalledBefore`). */
  async resume(merge: StoredMerge, actor: Actor, stalledBefore: string): Promise<StoredMerge> {
    const stored = this.merges.get(merge.id)!;
    if (stored.version !== merge.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    if (!['running', 'reverting'].includes(stored.status) || stored.updatedAt >= stalledBefore) throw new DomainError(ErrorCode.InvalidTransition, 'progressed');
    this.merges.set(merge.id, { ...stored, resumedAt: actor.at, resumedBy: actor.username, updatedAt: actor.at, version: stored.version + 1 });
    return structuredClone(this.merges.get(merge.id)!);
  }
}
