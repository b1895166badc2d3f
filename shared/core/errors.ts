/**
 * Typed domain errors. Use cases and repositories throw these; `shared/http/problem.ts` maps each code to an
 * HTTP problem response in one exhaustive switch, so adding a code without a mapping does not compile.
 */
export const ErrorCode = {
  ValidationFailed: 'ValidationFailed',
  MalformedJson: 'MalformedJson',
  UnsupportedMediaType: 'UnsupportedMediaType',
  PayloadTooLarge: 'PayloadTooLarge',
  InvalidCursor: 'InvalidCursor',
  Unauthenticated: 'Unauthenticated',
  Forbidden: 'Forbidden',
  RouteNotFound: 'RouteNotFound',
  CustomerNotFound: 'CustomerNotFound',
  CustomerNoTaken: 'CustomerNoTaken',
  InvalidOwner: 'InvalidOwner',
  InvalidTransition: 'InvalidTransition',
  PreconditionRequired: 'PreconditionRequired',
  VersionConflict: 'VersionConflict',
  IdempotencyKeyReused: 'IdempotencyKeyReused',
  ServiceBusy: 'ServiceBusy',
  /** Another transaction touched the same items at the same moment, still after our retries: retry shortly. */
  ConcurrentChange: 'ConcurrentChange',
  // opportunities
  OpportunityNotFound: 'OpportunityNotFound',
  PlanStepNotFound: 'PlanStepNotFound',
  InvalidAssignee: 'InvalidAssignee',
  // orders
  ProductNotFound: 'ProductNotFound',
  ProductCodeTaken: 'ProductCodeTaken',
  ProductInactive: 'ProductInactive',
  InsufficientStock: 'InsufficientStock',
  OrderNotFound: 'OrderNotFound',
  OrderNoTaken: 'OrderNoTaken',
  PaymentExceedsBalance: 'PaymentExceedsBalance',
  // contacts, activities, follow-ups, 360
  ContactNotFound: 'ContactNotFound',
  ActivityNotFound: 'ActivityNotFound',
  LimitReached: 'LimitReached',
  // services, lost customers
  ServiceNotFound: 'ServiceNotFound',
  LostCustomerNotFound: 'LostCustomerNotFound',
  // reports
  NotAcceptable: 'NotAcceptable',
  SnapshotNotFound: 'SnapshotNotFound',
  // admin: users
  UserNotFound: 'UserNotFound',
  UsernameTaken: 'UsernameTaken',
  LastAdmin: 'LastAdmin',
  // admin: dictionary — a removed code that records use
  DictionaryCodeInUse: 'DictionaryCodeInUse',
  // admin: audit — a record whose history the caller may not see looks like one without history
  AuditRecordNotFound: 'AuditRecordNotFound',
  // data-exfiltration guard (issue 8): the account is locked after too many customer reads
  AccountLocked: 'AccountLocked',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  /** JSON-pointer-like dotted path of the offending input, e.g. `body.credit`. */
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
