import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Reminder } from '#shared/reminders/reminder';
import type {
  CreateTaskOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
  TaskCustomer,
  TaskCustomerGuard,
  TaskListCriteria,
  TaskRepository,
} from '#functions/workbench/tasks/task.ports';
import { reminderOf } from '#functions/workbench/tasks/task.rules';
import type { Task } from '#functions/workbench/tasks/task.schema';

/**
 * An in-memory TaskRepository with the DynamoDB one's observable rules: the customer guard on create, version-
 * conditional updates, the next occurrence written with the update, and the pending reminders kept in step.
 */
export class InMemoryTaskRepository implements TaskRepository {
  readonly customers = new Map<string, TaskCustomer>();
  readonly tasks = new Map<string, Task>();
  /** Pending reminders by source id. */
  readonly reminders = new Map<string, Reminder>();
  readonly idempotency = new Map<string, { fingerprint: string; task: Task }>();

  addCustomer(customer: TaskCustomer): void {
    this.customers.set(customer.id, customer);
  }

  async customer(customerId: string): Promise<TaskCustomer | undefined> {
    return this.customers.get(customerId);
  }

  private keep(task: Task): void {
    this.tasks.set(task.id, structuredClone(task));
    const reminder = reminderOf(task);
    if (reminder) this.reminders.set(task.id, reminder);
    else this.reminders.delete(task.id);
  }

  async create(task: Task, guard: TaskCustomerGuard | undefined, claim?: IdempotencyClaim): Promise<CreateTaskOutcome> {
    const key = claim && `${claim.username}#${claim.operationId}#${claim.key}`;
    const previous = key ? this.idempotency.get(key) : undefined;
    if (previous && claim) {
      if (previous.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return { kind: 'replayed', task: previous.task };
    }
    if (guard) {
      const customer = this.customers.get(guard.customerId);
      if (!customer || customer.archived || (guard.ownerId !== undefined && customer.ownerId !== guard.ownerId)) {
        throw new DomainError(ErrorCode.CustomerNotFound, 'not found');
      }
    }
    this.keep(task);
    if (key && claim) this.idempotency.set(key, { fingerprint: claim.fingerprint, task });
    return { kind: 'created', task };
  }

  async get(taskId: string): Promise<Task | undefined> {
    const task = this.tasks.get(taskId);
    return task && structuredClone(task);
  }

  async update(previous: Task, next: Task, created?: Task): Promise<void> {
    const current = this.tasks.get(previous.id);
    if (!current || current.version !== previous.version || (created && this.tasks.has(created.id))) {
      throw new DomainError(ErrorCode.VersionConflict, 'stale');
    }
    this.keep(next);
    if (created) this.keep(created);
  }

  async list(criteria: TaskListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Task>> {
    const matches = [...this.tasks.values()]
      .filter(
        (task) =>
          ('assigneeId' in criteria ? task.assigneeId === criteria.assigneeId : 'createdBy' in criteria ? task.createdBy === criteria.createdBy : task.customerId === criteria.customerId) &&
          task.status === criteria.status &&
          (criteria.dueFrom === undefined || task.dueAt >= criteria.dueFrom) &&
          (criteria.dueTo === undefined || task.dueAt < criteria.dueTo),
      )
      .sort((a, b) => (a.dueAt === b.dueAt ? a.id.localeCompare(b.id) : a.dueAt.localeCompare(b.dueAt)));
    const start = page.startKey ? matches.findIndex((task) => task.id === page.startKey?.id) + 1 : 0;
    const items = matches.slice(start, start + page.limit);
    const last = items.at(-1);
    return { items, ...(start + page.limit < matches.length && last ? { lastKey: { id: last.id } } : {}) };
  }
}
