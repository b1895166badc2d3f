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
  /** The customer matches others by name, phone, e-mail domain or tax number (confirm with `?allowDuplicate=true`). */
  PossibleDuplicate: 'PossibleDuplicate',
  DuplicatePairNotFound: 'DuplicatePairNotFound',
  InvalidOwner: 'InvalidOwner',
  InvalidTransition: 'InvalidTransition',
  PreconditionRequired: 'PreconditionRequired',
  VersionConflict: 'VersionConflict',
  IdempotencyKeyReused: 'IdempotencyKeyReused',
  ServiceBusy: 'ServiceBusy',
  /** Another transaction touched the same items at the same moment, still after our retries: retry shortly. */
  ConcurrentChange: 'ConcurrentChange',
  // Opportunities and their development plans.
  OpportunityNotFound: 'OpportunityNotFound',
  PlanStepNotFound: 'PlanStepNotFound',
  InvalidAssignee: 'InvalidAssignee',
  // Products, stock, orders and payments.
  ProductNotFound: 'ProductNotFound',
  ProductCodeTaken: 'ProductCodeTaken',
  ProductInactive: 'ProductInactive',
  InsufficientStock: 'InsufficientStock',
  OrderNotFound: 'OrderNotFound',
  OrderNoTaken: 'OrderNoTaken',
  PaymentExceedsBalance: 'PaymentExceedsBalance',
  // An edit of an order may not bring its total below what has been paid on it.
  OrderTotalBelowPaid: 'OrderTotalBelowPaid',
  // A return may give back only what was delivered and not yet returned; a refund only what was paid, net of refunds.
  ReturnExceedsDelivered: 'ReturnExceedsDelivered',
  RefundExceedsPaid: 'RefundExceedsPaid',
  // Quotations (functions/orders/quotes/): a quote the caller may not see looks like one that does not exist; one past
  // its validity can no longer be sent or accepted.
  QuoteNotFound: 'QuoteNotFound',
  QuoteExpired: 'QuoteExpired',
  QuoteNoTaken: 'QuoteNoTaken',
  // Contacts, activities, follow-ups and the customer 360 view.
  ContactNotFound: 'ContactNotFound',
  ActivityNotFound: 'ActivityNotFound',
  LimitReached: 'LimitReached',
  // Service requests and lost customers.
  ServiceNotFound: 'ServiceNotFound',
  LostCustomerNotFound: 'LostCustomerNotFound',
  // Reports: a format the client cannot take, a period never saved.
  NotAcceptable: 'NotAcceptable',
  SnapshotNotFound: 'SnapshotNotFound',
  // User accounts.
  UserNotFound: 'UserNotFound',
  UsernameTaken: 'UsernameTaken',
  LastAdmin: 'LastAdmin',
  // The data dictionary: a code that records use cannot be removed.
  DictionaryCodeInUse: 'DictionaryCodeInUse',
  // Custom-field definitions: found by id; a key is unique per entity type.
  CustomFieldNotFound: 'CustomFieldNotFound',
  CustomFieldKeyTaken: 'CustomFieldKeyTaken',
  // The audit trail: a record whose history the caller may not see looks like one without history.
  AuditRecordNotFound: 'AuditRecordNotFound',
  // The data-exfiltration guard locks an account after too many customer reads.
  AccountLocked: 'AccountLocked',
  // The workbench: tasks, notifications.
  TaskNotFound: 'TaskNotFound',
  NotificationNotFound: 'NotificationNotFound',
  // Imports (functions/imports/): an import the caller may not see looks like one that does not exist.
  ImportNotFound: 'ImportNotFound',
  // Dunning (functions/dunning/): a letter the caller may not see looks like one that does not exist; a letter needs
  // a primary contact with an e-mail address.
  DunningLetterNotFound: 'DunningLetterNotFound',
  NoRecipientAddress: 'NoRecipientAddress',
  // Exports (functions/exports/): an export is its starter's; the exfiltration guard's export quota refuses with 429.
  ExportNotFound: 'ExportNotFound',
  AttachmentNotFound: 'AttachmentNotFound',
  ExportQuotaExceeded: 'ExportQuotaExceeded',
  // Customer merges (functions/customers/merge/).
  MergeNotFound: 'MergeNotFound',
  // Campaigns (functions/campaigns/).
  CampaignNotFound: 'CampaignNotFound',
  /** More test mails of one campaign by one user within a minute than TEST_SENDS_PER_MINUTE (429). */
  TestSendLimitReached: 'TestSendLimitReached',
  // Webhooks (functions/webhooks/).
  WebhookNotFound: 'WebhookNotFound',
  WebhookDeliveryNotFound: 'WebhookDeliveryNotFound',
  // The change feed (functions/changes/): a cursor older than the feed's retention.
  ChangeFeedExpired: 'ChangeFeedExpired',
  // The customer portal (functions/portal/): a portal user not found (or another customer's).
  PortalUserNotFound: 'PortalUserNotFound',
  // Shipments (functions/orders/shipments/): one the caller may not see looks like one that does not exist; a shipment
  // never ships more than was ordered and not yet shipped.
  ShipmentNotFound: 'ShipmentNotFound',
  ShipmentExceedsOrder: 'ShipmentExceedsOrder',
  // Invoices (functions/orders/invoices/): never more than the order's total net of credit notes and of voided
  // invoices; a special invoice (专票) needs the customer's tax number; an invoice number is unique across the company.
  InvoiceNotFound: 'InvoiceNotFound',
  InvoiceExceedsOrder: 'InvoiceExceedsOrder',
  InvoiceNumberTaken: 'InvoiceNumberTaken',
  TaxNumberMissing: 'TaxNumberMissing',
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
    readonly details: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      /** Members of the problem body beside the standard ones (RFC 9457 extensions), e.g. a duplicate's candidates. */
      extensions?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
