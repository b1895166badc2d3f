import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Actor, StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { StoredMerge } from '#functions/customers/merge/merge.entity';
import type { MergedRef, MergeRevertRepository, RevertPage } from '#functions/customers/merge/merge.ports';
import type { MergePhase } from '#functions/customers/merge/merge.schema';
import type { InMemoryMergeRepository } from './in-memory-merge.repository';

/**
 * A merge's revert in memory, over the fake merge repository's records and ledger: each ledger entry's record goes
 * back to the merged customer while it is under the survivor with the version it was moved with (a test's writer
 * bumps `version` to change it), else it is refused (counted, listed).
 */
export class InMemoryMergeRevertRepository implements MergeRevertRepository {
  constructor(
    private readonly merges: InMemoryMergeRepository,
    private readonly pageSize: number,
  ) {}

  async startRevert(merge: StoredMerge, actor: Actor): Promise<StoredMerge> {
    const stored = this.merges.merges.get(merge.id)!;
    if (stored.status !== 'completed') throw new DomainError(ErrorCode.InvalidTransition, 'not completed');
    if (stored.version !== merge.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    const next: StoredMerge = { ...stored, status: 'reverting', phase: 'revert-customer', revertedBy: actor.username, updatedAt: actor.at, reverted: {}, revertRefused: 0, revertRefusals: {}, version: stored.version + 1 };
    this.merges.merges.set(merge.id, next);
    return structuredClone(next);
  }

  async revertPage(merge: StoredMerge, merged: MergedRef): Promise<RevertPage> {
    const entries = (this.merges.ledger.get(merge.id) ?? []).filter((entry) => entry.revertedAt === undefined && entry.refusal === undefined).slice(0, this.pageSize);
    let reverted = 0;
    let refused = 0;
    for (const entry of entries) {
      const store = { records: this.merges.records, tasks: this.merges.tasks, attachments: this.merges.attachments, opportunities: this.merges.opportunities, quotes: this.merges.quotes, portalUsers: this.merges.portalUsers }[entry.phase];
      const under = store.get(merge.survivorId) ?? [];
      const current = under.find((record) => record.id === entry.record.id);
      const stored = this.merges.merges.get(merge.id)!;
      if (!current || current.version !== entry.record.version) {
        entry.refusal = current ? 'changed' : 'gone';
        const listed = stored.revertRefusals ?? {};
        this.merges.merges.set(merge.id, {
          ...stored,
          revertRefused: (stored.revertRefused ?? 0) + 1,
          revertRefusals: Object.keys(listed).length < 100 ? { ...listed, [entry.record.id]: { kind: entry.record.kind, key: entry.record.id, reason: entry.refusal } } : listed,
        });
        refused += 1;
        continue;
      }
      under.splice(under.indexOf(current), 1);
      store.set(merged.id, [...(store.get(merged.id) ?? []), current]);
      entry.revertedAt = new Date(0).toISOString();
      this.merges.merges.set(merge.id, { ...stored, reverted: { ...stored.reverted, [entry.record.kind]: (stored.reverted?.[entry.record.kind] ?? 0) + 1 } });
      reverted += 1;
    }
    const left = (this.merges.ledger.get(merge.id) ?? []).some((entry) => entry.revertedAt === undefined && entry.refusal === undefined);
    return { reverted, refused, done: !left };
  }

  async finishRevert(merge: StoredMerge, _merged: StoredCustomer): Promise<void> {
    const stored = this.merges.merges.get(merge.id)!;
    if (stored.phase !== 'revert-finish' || stored.status !== 'reverting') return;
    this.merges.merges.set(merge.id, { ...stored, status: 'reverted', phase: 'reverted', revertedAt: new Date(0).toISOString(), version: stored.version + 1 });
  }

  async advanceRevert(merge: StoredMerge, to: MergePhase, at: string, patch: Parameters<MergeRevertRepository['advanceRevert']>[3] = {}): Promise<StoredMerge> {
    const stored = this.merges.merges.get(merge.id)!;
    if (stored.phase === merge.phase && stored.status === 'reverting') {
      this.merges.merges.set(merge.id, {
        ...stored,
        phase: to,
        updatedAt: at,
        version: stored.version + 1,
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.failure ? { failure: patch.failure } : {}),
        ...(patch.warnings?.length ? { warnings: [...stored.warnings, ...patch.warnings] } : {}),
      });
    }
    return structuredClone(this.merges.merges.get(merge.id)!);
  }
}
