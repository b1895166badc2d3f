import { DomainError, ErrorCode } from '#shared/core/errors';
import { createdValues, customValueErrors } from '#shared/custom-fields/custom-values';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { deleteContact } from '#functions/contacts/delete-contact.use-case';
import type { ContactDependencies } from '#functions/contacts/contact.dependencies';
import { createContactBody } from '#functions/contacts/contact.schema';
import { CONTACT_COLUMNS, CONTACT_REQUIRED_COLUMNS } from './contact-columns';
import type { CustomerNumberLookup } from './customer.importer';
import type { EntityImporter, RowResult } from './import-rows';
import { rowClaim, zodErrors } from './row-outcomes';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const notYours = (path: string): RowResult => ({ status: 'failed', errors: [{ path, message: 'No customer you may change has this number or id.' }] });

/**
 * Contacts: each row names its customer (customerNo or customerId) and goes through the contacts feature's own
 * `createContact` (functions/contacts/create-contact.use-case.ts) with a per-row idempotency claim, after the API's
 * schema and the custom-field check: the customer's scope, archive state and contact limit are the same
 * transaction's conditions as for the API, so an account manager imports contacts to their own customers only.
 * Contacts have no natural key: `onDuplicate` does not apply; a re-run replays (skips) the rows already imported.
 * A revert deletes (soft, restorable) the contacts the import created, unless they changed since.
 */
export const contactImporter = (deps: ContactDependencies, customerIdByNo: CustomerNumberLookup): EntityImporter => ({
  columns: CONTACT_COLUMNS,
  required: CONTACT_REQUIRED_COLUMNS,
  customEntityType: 'contact',

  async importRow(input, line, context) {
    const { customerNo, customerId: givenId, birthday, ...fields } = input as Record<string, unknown> & { customerNo?: string; customerId?: string; birthday?: string };
    if (givenId === undefined && customerNo === undefined) return { status: 'failed', errors: [{ path: 'customerNo', message: 'Name the customer: a customerNo (客户编号) or customerId column.' }] };
    if (givenId !== undefined && !ULID.test(givenId)) return { status: 'failed', errors: [{ path: 'customerId', message: 'Not a customer id.' }] };
    const body = birthday === undefined ? fields : { ...fields, specialDays: [{ type: 'birthday', date: birthday }] };
    const parsed = createContactBody.safeParse(body);
    if (!parsed.success) return { status: 'failed', errors: zodErrors(parsed.error.issues).map((error) => (error.path.startsWith('specialDays') ? { ...error, path: 'birthday' } : error)) };
    const customErrors = customValueErrors(context.customFields, parsed.data.custom, 'create', 'custom');
    if (customErrors.length > 0) return { status: 'failed', errors: customErrors };
    const customerId = givenId ?? (await customerIdByNo(customerNo!));
    const customerPath = givenId !== undefined ? 'customerId' : 'customerNo';
    if (!customerId) return notYours(customerPath);
    if (context.job.mode === 'validate') return { status: 'valid' };
    const { custom: customInput, ...rest } = parsed.data;
    const custom = createdValues(customInput);
    const data = custom ? { ...rest, custom } : rest;
    try {
      const outcome = await createContact(deps, { caller: context.caller, customerId, input: data, idempotency: rowClaim(context.caller, 'importContacts', { customerId, ...data }) });
      if (outcome.kind === 'replayed' && outcome.contact.createdAt < context.job.createdAt) return { status: 'skipped', reason: 'already imported' };
      return { status: 'created', record: { line, recordId: outcome.contact.id, parentId: customerId, version: outcome.contact.version } };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      switch (error.code) {
        case ErrorCode.CustomerNotFound:
          return notYours(customerPath);
        case ErrorCode.LimitReached:
          return { status: 'failed', errors: [{ path: customerPath, message: error.message }] };
        case ErrorCode.ValidationFailed:
          return { status: 'failed', errors: error.details.errors ?? [{ path: 'row', message: error.message }] };
        default:
          throw error;
      }
    }
  },

  async revertCreated(record, caller) {
    try {
      await deleteContact(deps, { caller, customerId: record.parentId!, contactId: record.recordId, expectedVersion: record.version });
      return true;
    } catch (error) {
      if (error instanceof DomainError && [ErrorCode.VersionConflict, ErrorCode.ContactNotFound, ErrorCode.CustomerNotFound].includes(error.code as never)) return false;
      throw error;
    }
  },

  // A contact import never updates.
  revertUpdated: async () => false,
});
