import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Task, TaskStatus } from './task.schema';

/** The domain side of the tasks: what the use cases need from storage, free of AWS types. */

export type { IdempotencyClaim };

/** What a task needs to know about the customer it is linked to. */
export interface TaskCustomer {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly archived: boolean;
}

export type CreateTaskOutcome = { kind: 'created' | 'replayed'; task: Task };

/** The index a list reads: exactly one partition. */
export type TaskListCriteria =
  | { readonly assigneeId: string; readonly status: TaskStatus; readonly dueFrom?: string | undefined; readonly dueTo?: string | undefined }
  | { readonly createdBy: string; readonly status: TaskStatus; readonly dueFrom?: string | undefined; readonly dueTo?: string | undefined }
  | { readonly customerId: string; readonly status: TaskStatus; readonly dueFrom?: string | undefined; readonly dueTo?: string | undefined };

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** A customer the write must still find (not archived; for an account manager, still theirs). */
export interface TaskCustomerGuard {
  readonly customerId: string;
  readonly ownerId?: string | undefined;
}

export interface TaskRepository {
  /** The customer, consistently read; undefined when there is none. */
  customer(customerId: string): Promise<TaskCustomer | undefined>;
  /**
   * Writes the task, its reminder, its audit entry (and the idempotency record when given) in one transaction; with
   * a guard, the customer is re-checked in it (gone → CustomerNotFound).
   */
  create(task: Task, guard: TaskCustomerGuard | undefined, idempotency?: IdempotencyClaim): Promise<CreateTaskOutcome>;
  /** The task, consistently read. */
  get(taskId: string): Promise<Task | undefined>;
  /**
   * Replaces the task with `next` if the stored version is still `previous.version` (else VersionConflict), moves its
   * reminder, and — when given — creates the next occurrence (with its reminder) in the same transaction, so a
   * completed occurrence has its successor exactly once.
   */
  update(previous: Task, next: Task, created?: Task): Promise<void>;
  /** One page, soonest due first. */
  list(criteria: TaskListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Task>>;
}
