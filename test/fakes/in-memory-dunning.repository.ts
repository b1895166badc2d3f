import type { DunnedOrderView, DunningRepository, IdempotencyClaim, Page, PageKey } from '#functions/dunning/dunning.ports';
import type { DunningNote } from '#functions/dunning/dunning.schema';
import { promiseReminderOf } from '#shared/dunning/dunning';
import type { Receivable } from '#shared/dunning/receivable.entity';
import type { Reminder } from '#shared/reminders/reminder';

const clone = <T>(value: T): T => structuredClone(value);

/** The dunning feature's storage in memory: open receivables, orders with their owner, notes, pending reminders. */
export class InMemoryDunningStore {
  readonly receivables: Receivable[] = [];
  readonly orders = new Map<string, DunnedOrderView>();
  /** Customer id → current owner (absent: gone or archived). */
  readonly owners = new Map<string, string>();
  readonly notes: DunningNote[] = [];
  /** Pending reminders by `<remindAt>#<kind>#<sourceId>`. */
  readonly reminders = new Map<string, Reminder>();
  readonly answers = new Map<string, { fingerprint: string; note: DunningNote }>();
  /** Queries and reads made, for tests of the request count. */
  readonly calls: string[] = [];

  readonly repository: DunningRepository = {
    overdue: async (criteria, page) => {
      this.calls.push(`overdue:${criteria.ownerId ?? '*'}`);
      const all = this.receivables
        .filter((entry) => (criteria.ownerId === undefined || entry.ownerId === criteria.ownerId) && `${entry.dueAt}#${entry.orderId}` < criteria.before)
        .sort((a, b) => (`${a.dueAt}#${a.orderId}` < `${b.dueAt}#${b.orderId}` ? -1 : 1));
      const start = page.startKey ? Number(page.startKey.offset) : 0;
      const items = all.slice(start, start + page.limit);
      const result: Page<Receivable> = { items: clone(items) };
      return start + page.limit < all.length ? { ...result, lastKey: { offset: start + page.limit } as PageKey } : result;
    },
    currentOwners: async (customerIds) => {
      this.calls.push('owners');
      return new Map(customerIds.filter((id) => this.owners.has(id)).map((id) => [id, this.owners.get(id)!]));
    },
    order: async (orderId) => {
      const order = this.orders.get(orderId);
      return order ? clone({ ...order, ownerId: this.owners.get(order.customerId) }) : undefined;
    },
    addNote: async (write, idempotency?: IdempotencyClaim) => {
      if (idempotency) {
        const stored = this.answers.get(idempotency.key);
        if (stored) return { kind: 'replayed', value: clone(stored.note) };
      }
      if (write.ownerScope !== undefined && this.owners.get(write.order.customerId) !== write.ownerScope) return 'out-of-scope';
      const current = this.orders.get(write.order.id)!;
      if (write.promise) {
        if (current.version !== write.order.version) return 'stale';
        const old = current.promise;
        if (old?.status === 'open') this.reminders.delete(`${old.promisedPayAt}#dunning#${old.noteId}`);
        const owner = this.owners.get(current.customerId)!;
        const reminder = promiseReminderOf(current, write.promise, owner);
        this.reminders.set(`${reminder.remindAt}#dunning#${reminder.sourceId}`, reminder);
        this.orders.set(current.id, { ...current, promise: clone(write.promise), version: current.version + 1 });
      }
      this.notes.push(clone(write.note));
      if (idempotency) this.answers.set(idempotency.key, { fingerprint: idempotency.fingerprint, note: clone(write.note) });
      return { kind: 'created', value: clone(write.note) };
    },
    storedAnswer: async (claim) => clone(this.answers.get(claim.key)?.note),
    listNotes: async (orderId, page) => ({ items: clone(this.notes.filter((note) => note.orderId === orderId).slice(0, page.limit)) }),
  };
}

/** Letters in memory, and a mailer that records what it sent (or refuses, when told to). */
export class InMemoryLetters {
  readonly letters = new Map<string, import('#functions/dunning/dunning.schema').DunningLetter>();
  readonly contacts = new Map<string, { name: string; email?: string }>();
  readonly sent: { to: string; subject: string; text: string; html: string }[] = [];
  refuse: string | undefined;
  /** The administrators' template (absent: the built-in one) and the audit entries of its replacements. */
  template: import('#functions/dunning/letter-template.entity').StoredLetterTemplate | undefined;
  readonly templateAudit: import('#shared/audit/audit').AuditEvent[] = [];

  readonly repository: import('#functions/dunning/dunning.ports').LetterRepository = {
    primaryContact: async (customerId) => clone(this.contacts.get(customerId)),
    letters: async (orderId) => clone([...this.letters.values()].filter((letter) => letter.orderId === orderId)),
    letter: async (_orderId, letterId) => clone(this.letters.get(letterId)),
    create: async (letter) => void this.letters.set(letter.id, clone(letter)),
    update: async (current, next) => {
      if (this.letters.get(current.id)?.version !== current.version) return false;
      this.letters.set(next.id, clone(next));
      return true;
    },
    template: async () => clone(this.template),
    replaceTemplate: async (next, expectedVersion, audit) => {
      if ((this.template?.version ?? 0) !== expectedVersion) return false;
      this.template = clone(next);
      this.templateAudit.push(audit);
      return true;
    },
  };

  readonly mailer: import('#functions/dunning/dunning.ports').LetterMailer = {
    send: async (mail) => {
      if (this.refuse) return { kind: 'refused', reason: this.refuse };
      this.sent.push(mail);
      return { kind: 'sent', messageId: `m-${this.sent.length}` };
    },
  };
}
