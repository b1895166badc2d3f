import { ErrorCode, type DomainError, type FieldError } from '#shared/core/errors';

/** RFC 9457 problem details. `type` is a relative URI reference documented in docs/api.md. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  errors?: FieldError[];
}

interface ProblemShape {
  status: number;
  title: string;
}

/** The one place where domain error codes become HTTP. Exhaustive: a new code without a case fails to compile. */
export const problemShapeOf = (code: ErrorCode): ProblemShape => {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'Invalid request' };
    case ErrorCode.MalformedJson:
      return { status: 400, title: 'Malformed JSON body' };
    case ErrorCode.InvalidCursor:
      return { status: 400, title: 'Invalid cursor' };
    case ErrorCode.InvalidOwner:
      return { status: 400, title: 'Invalid owner' };
    case ErrorCode.Unauthenticated:
      return { status: 401, title: 'Unauthenticated' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'Forbidden' };
    case ErrorCode.RouteNotFound:
      return { status: 404, title: 'Not found' };
    case ErrorCode.CustomerNotFound:
      return { status: 404, title: 'Customer not found' };
    case ErrorCode.CustomerNoTaken:
      return { status: 409, title: 'Customer number already in use' };
    case ErrorCode.PossibleDuplicate:
      return { status: 409, title: 'Possible duplicate customer' };
    case ErrorCode.DuplicatePairNotFound:
      return { status: 404, title: 'Duplicate pair not found' };
    case ErrorCode.InvalidTransition:
      return { status: 409, title: 'Invalid state transition' };
    case ErrorCode.VersionConflict:
      return { status: 412, title: 'Precondition failed: stale version' };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, title: 'Payload too large' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, title: 'Unsupported media type' };
    case ErrorCode.IdempotencyKeyReused:
      return { status: 422, title: 'Idempotency key reused with a different request' };
    case ErrorCode.PreconditionRequired:
      return { status: 428, title: 'Precondition required' };
    case ErrorCode.ServiceBusy:
      return { status: 503, title: 'Service busy, retry later' };
    case ErrorCode.ConcurrentChange:
      return { status: 409, title: 'Concurrent change, retry' };
    // Opportunities and their development plans.
    case ErrorCode.OpportunityNotFound:
      return { status: 404, title: 'Opportunity not found' };
    case ErrorCode.PlanStepNotFound:
      return { status: 404, title: 'Plan step not found' };
    case ErrorCode.InvalidAssignee:
      return { status: 400, title: 'Invalid assignee' };
    // Products, stock, orders and payments.
    case ErrorCode.ProductNotFound:
      return { status: 404, title: 'Product not found' };
    case ErrorCode.ProductCodeTaken:
      return { status: 409, title: 'Product code already in use' };
    case ErrorCode.ProductInactive:
      return { status: 409, title: 'Product no longer sold' };
    case ErrorCode.InsufficientStock:
      return { status: 409, title: 'Insufficient stock' };
    case ErrorCode.OrderNotFound:
      return { status: 404, title: 'Order not found' };
    case ErrorCode.OrderNoTaken:
      return { status: 409, title: 'Order number already in use' };
    // Quotations.
    case ErrorCode.QuoteNotFound:
      return { status: 404, title: 'Quote not found' };
    case ErrorCode.QuoteExpired:
      return { status: 409, title: 'Quote expired' };
    case ErrorCode.QuoteNoTaken:
      return { status: 409, title: 'Quote number already in use' };
    case ErrorCode.PaymentExceedsBalance:
      return { status: 409, title: 'Payment exceeds the balance' };
    case ErrorCode.OrderTotalBelowPaid:
      return { status: 409, title: 'Order total below the amount paid' };
    case ErrorCode.ReturnExceedsDelivered:
      return { status: 409, title: 'Return exceeds what was delivered' };
    case ErrorCode.RefundExceedsPaid:
      return { status: 409, title: 'Refund exceeds the amount paid' };
    // Contacts, activities, follow-ups and the customer 360 view.
    case ErrorCode.ContactNotFound:
      return { status: 404, title: 'Contact not found' };
    case ErrorCode.ActivityNotFound:
      return { status: 404, title: 'Activity not found' };
    case ErrorCode.LimitReached:
      return { status: 409, title: 'Limit reached' };
    // Service requests and lost customers.
    case ErrorCode.ServiceNotFound:
      return { status: 404, title: 'Service request not found' };
    case ErrorCode.LostCustomerNotFound:
      return { status: 404, title: 'Lost-customer record not found' };
    // Reports: a format the client cannot take, a period never saved.
    case ErrorCode.NotAcceptable:
      return { status: 406, title: 'Not acceptable' };
    case ErrorCode.SnapshotNotFound:
      return { status: 404, title: 'Report snapshot not found' };
    // User accounts.
    case ErrorCode.UserNotFound:
      return { status: 404, title: 'User not found' };
    case ErrorCode.UsernameTaken:
      return { status: 409, title: 'Username already in use' };
    case ErrorCode.LastAdmin:
      return { status: 409, title: 'The last enabled administrator cannot be disabled or demoted' };
    // The data dictionary.
    case ErrorCode.DictionaryCodeInUse:
      return { status: 409, title: 'Dictionary code in use' };
    // Custom-field definitions.
    case ErrorCode.CustomFieldNotFound:
      return { status: 404, title: 'Custom field not found' };
    case ErrorCode.CustomFieldKeyTaken:
      return { status: 409, title: 'Custom field key already in use' };
    // The audit trail.
    case ErrorCode.AuditRecordNotFound:
      return { status: 404, title: 'Record not found' };
    // The data-exfiltration guard.
    case ErrorCode.AccountLocked:
      return { status: 403, title: 'Account locked' };
    // The workbench.
    case ErrorCode.TaskNotFound:
      return { status: 404, title: 'Task not found' };
    case ErrorCode.NotificationNotFound:
      return { status: 404, title: 'Notification not found' };
    case ErrorCode.ImportNotFound:
      return { status: 404, title: 'Import not found' };
    case ErrorCode.DunningLetterNotFound:
      return { status: 404, title: 'Dunning letter not found' };
    case ErrorCode.NoRecipientAddress:
      return { status: 409, title: 'No e-mail address to send to' };
    case ErrorCode.ExportNotFound:
      return { status: 404, title: 'Export not found' };
    case ErrorCode.AttachmentNotFound:
      return { status: 404, title: 'Attachment not found' };
    case ErrorCode.ExportQuotaExceeded:
      return { status: 429, title: 'Export quota exceeded' };
    case ErrorCode.MergeNotFound:
      return { status: 404, title: 'Merge not found' };
    // Campaigns.
    case ErrorCode.CampaignNotFound:
      return { status: 404, title: 'Campaign not found' };
    case ErrorCode.TestSendLimitReached:
      return { status: 429, title: 'Too many test mails' };
    // Webhooks.
    case ErrorCode.WebhookNotFound:
      return { status: 404, title: 'Webhook not found' };
    case ErrorCode.WebhookDeliveryNotFound:
      return { status: 404, title: 'Webhook delivery not found' };
    // The change feed.
    case ErrorCode.ChangeFeedExpired:
      return { status: 410, title: 'Change feed cursor expired' };
    case ErrorCode.PortalUserNotFound:
      return { status: 404, title: 'Portal user not found' };
    // Shipments.
    case ErrorCode.ShipmentNotFound:
      return { status: 404, title: 'Shipment not found' };
    case ErrorCode.ShipmentExceedsOrder:
      return { status: 409, title: 'Shipment exceeds what is left to ship' };
    // Invoices.
    case ErrorCode.InvoiceNotFound:
      return { status: 404, title: 'Invoice not found' };
    case ErrorCode.InvoiceExceedsOrder:
      return { status: 409, title: 'Invoices exceed the order total' };
    case ErrorCode.InvoiceNumberTaken:
      return { status: 409, title: 'Invoice number already in use' };
    case ErrorCode.TaxNumberMissing:
      return { status: 409, title: 'The customer has no tax number' };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
};

const kebab = (code: string): string => code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export const problemTypeOf = (code: ErrorCode): string => `/problems/${kebab(code)}`;

export const problemFromDomainError = (error: DomainError): Problem => {
  const shape = problemShapeOf(error.code);
  return {
    type: problemTypeOf(error.code),
    title: shape.title,
    status: shape.status,
    detail: error.message,
    code: error.code,
    ...(error.details.errors?.length ? { errors: error.details.errors } : {}),
    ...error.details.extensions,
  };
};

/** What a 5xx says: nothing about the internals (no stack, no table name, no AWS error name). */
export const internalProblem = (): Omit<Problem, 'code'> & { code: 'InternalError' } => ({
  type: '/problems/internal-error',
  title: 'Internal server error',
  status: 500,
  detail: 'The request could not be completed. It is safe to retry; quote the correlation id when reporting it.',
  code: 'InternalError',
});
