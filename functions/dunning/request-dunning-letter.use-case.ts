import { DomainError, ErrorCode } from '#shared/core/errors';
import { isMailableAddress } from '#shared/notifications/notification';
import type { Caller, LetterDependencies } from './dunning.dependencies';
import { renderLetter } from './dunning-letter.template';
import { currentLetterTemplate } from './letter-template.use-case';
import { visibleOrder } from './dunning.rules';
import type { DunningLetter, RequestDunningLetterInput } from './dunning.schema';

const OPEN: readonly string[] = ['pending-approval', 'approved', 'sending'];

/**
 * Request a dunning letter (催款函) for an order, to its customer's primary contact.
 *
 * Primary course: the order is read (scope as the order routes; `If-Match` = the order's version, so the letter
 * quotes the balance the caller saw) with its letters, the customer's primary contact and the current letter template
 * (the administrators' one, else the built-in one); the letter is rendered (subject, text and HTML: header-safe subject,
 * escaped HTML) and stored with the template's version — what it stores is exactly what the approval shows and what
 * will be sent — `pending-approval` when no earlier letter of the
 * order was ever approved (the first letter needs a manager), else `approved`, ready to send. One transaction: the
 * letter and its audit entry.
 *
 * Alternates: order missing or out of scope → 404; stale If-Match → 412; no balance (paid, cancelled) → 409; a letter
 * of the order still open (awaiting approval, approved, sending) → 409; no primary contact, or one without a usable
 * e-mail address → 409 NoRecipientAddress.
 */
export const requestDunningLetter = async (
  deps: LetterDependencies,
  request: { caller: Caller; orderId: string; input: RequestDunningLetterInput; expectedVersion: number },
): Promise<DunningLetter> => {
  const { caller, orderId, input } = request;
  const at = deps.clock.now().toISOString();
  const order = visibleOrder(caller, orderId, await deps.dunning.order(orderId));
  if (order.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Order ${orderId} has changed since you read it (now version ${order.version}); read it again.`);
  }
  if (order.status === 'cancelled' || order.balance.amount === 0) throw new DomainError(ErrorCode.InvalidTransition, `Order ${order.orderNo} has no balance to chase.`);
  const [letters, contact, template] = await Promise.all([deps.letters.letters(orderId), deps.letters.primaryContact(order.customerId), currentLetterTemplate(deps)]);
  const open = letters.find((letter) => OPEN.includes(letter.status));
  if (open) throw new DomainError(ErrorCode.InvalidTransition, `Order ${order.orderNo} already has a letter ${open.status} (${open.id}).`);
  if (!contact || !isMailableAddress(contact.email)) {
    throw new DomainError(
      ErrorCode.NoRecipientAddress,
      contact ? `The primary contact of ${order.customerName} has no usable e-mail address: add one to the contact first.` : `${order.customerName} has no primary contact to write to.`,
    );
  }
  const needsApproval = !letters.some((letter) => letter.approvedAt !== undefined);
  const rendered = renderLetter({ contactName: contact.name, customerName: order.customerName, orderNo: order.orderNo, balance: order.balance, dueAt: order.dueAt, message: input.message }, template);
  const letter: DunningLetter = {
    id: deps.ids.next(),
    orderId,
    customerId: order.customerId,
    orderNo: order.orderNo,
    status: needsApproval ? 'pending-approval' : 'approved',
    needsApproval,
    to: contact.email,
    contactName: contact.name,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    templateVersion: template.version,
    ...(input.message ? { message: input.message } : {}),
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.letters.create(letter);
  return letter;
};
