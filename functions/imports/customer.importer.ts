import { DomainError, ErrorCode } from '#shared/core/errors';
import { createdValues, customValueErrors } from '#shared/custom-fields/custom-values';
import { checkCodes, checkKnownCodes, type CodeUse, type DictionaryCache } from '#shared/dictionary/lookup';
import type { DictionaryType } from '#shared/dictionary/dictionary';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { deleteCustomer } from '#functions/customers/customer/delete-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import { CUSTOMER_CODES, regionCodeFields } from '#functions/customers/customer/customer-codes.middleware';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import { createCustomerBody, updateCustomerBody, type CreateCustomerInput, type Customer } from '#functions/customers/customer/customer.schema';
import { isPossibleDuplicate, shownCandidatesOf } from '#shared/duplicates/duplicate-candidates';
import { CUSTOMER_COLUMNS, CUSTOMER_REQUIRED_COLUMNS } from './customer-columns';
import type { EntityImporter, RowContext, RowResult } from './import-rows';
import type { WrittenRecord } from './import.ports';
import type { CustomerChunkStore } from './customer-chunk';
import { importCustomerChunk } from './import-customer-chunk.use-case';
import { rowClaim, zodErrors } from './row-outcomes';

/** Finds the customer holding a customer number (its uniqueness sentinel), for `onDuplicate: update`. */
export type CustomerNumberLookup = (customerNo: string) => Promise<string | undefined>;

const failed = (error: unknown): RowResult | undefined => {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.InvalidOwner:
      return { status: 'failed', errors: error.details.errors ?? [{ path: 'row', message: error.message }] };
    case ErrorCode.CustomerNotFound:
      return { status: 'failed', errors: [{ path: 'customerNo', message: 'This customer number belongs to a customer you may not change.' }] };
    case ErrorCode.VersionConflict:
      return { status: 'failed', errors: [{ path: 'row', message: 'The customer changed while it was imported; import the row again.' }] };
    case ErrorCode.PossibleDuplicate:
      return { status: 'failed', errors: [{ path: 'row', message: 'The change would make the customer match another one (name, phone, e-mail domain or tax number).' }] };
    default:
      return undefined;
  }
};

const UPDATE_FIELDS_EXCLUDED = new Set(['customerNo', 'ownerId']);

/**
 * Customers: each row goes through `createCustomer` (functions/customers/customer/create-customer.use-case.ts) with a
 * per-row idempotency claim, after the API's schema and the dictionary check (labels already turned into codes).
 * A number already in use: `skip` leaves the row, `create` creates the customer under a generated number, `update`
 * changes the customer holding the number (`updateCustomer`, its values before kept for a revert).
 * With a chunk store (the job's container gives it), commit mode writes the rows a chunk at a time
 * (import-customer-chunk.use-case.ts) and sends here only the rows the chunk cannot write together.
 */
export const customerImporter = (deps: CustomerDependencies, dictionary: DictionaryCache, customerIdByNo: CustomerNumberLookup, chunks?: CustomerChunkStore): EntityImporter => {
  const codesOf = (input: Record<string, unknown>): CodeUse[] => {
    const fields: Record<string, DictionaryType> = { ...CUSTOMER_CODES, ...regionCodeFields(input, 'create') };
    return Object.entries(fields).flatMap(([field, type]) => (typeof input[field] === 'string' ? [{ type, code: input[field] as string, path: field }] : []));
  };

  const update = async (customerNo: string, input: Record<string, unknown>, context: RowContext): Promise<RowResult> => {
    const customerId = await customerIdByNo(customerNo);
    if (!customerId) return { status: 'failed', errors: [{ path: 'customerNo', message: 'The customer holding this number was not found.' }] };
    return updateById(customerId, input, context);
  };

  const updateById = async (customerId: string, input: Record<string, unknown>, context: RowContext): Promise<RowResult> => {
    const current = await deps.customers.get(customerId);
    if (!current || current.deletedAt || (context.caller.scope === 'own' && current.ownerId !== context.caller.username)) {
      return { status: 'failed', errors: [{ path: 'customerNo', message: 'This customer number belongs to a customer you may not change.' }] };
    }
    const changes = Object.fromEntries(Object.entries(input).filter(([field]) => !UPDATE_FIELDS_EXCLUDED.has(field)));
    const parsed = updateCustomerBody.safeParse(changes);
    if (!parsed.success) return { status: 'failed', errors: zodErrors(parsed.error.issues) };
    const customErrors = customValueErrors(context.customFields, parsed.data.custom ?? undefined, 'update', 'custom');
    if (customErrors.length > 0) return { status: 'failed', errors: customErrors };
    const before = Object.fromEntries(Object.keys(parsed.data).map((field) => [field, (current as Record<string, unknown>)[field] ?? null]));
    // A revert restores the custom values this row set, and clears those it added (the PATCH merges by key).
    if (parsed.data.custom) before.custom = Object.fromEntries(Object.keys(parsed.data.custom).map((key) => [key, current.custom?.[key] ?? null]));
    const after = await updateCustomer(deps, { caller: context.caller, customerId, changes: parsed.data, expectedVersion: current.version });
    return { status: 'updated', record: { line: 0, recordId: after.id, version: after.version, before } };
  };

  /** The checks of a row before any write, as the API's create makes them: the data to create, or the row's outcome. */
  const prepare = async (input: Record<string, unknown>, context: RowContext): Promise<{ data: CreateCustomerInput } | { result: RowResult }> => {
    const parsed = createCustomerBody.safeParse(input);
    if (!parsed.success) return { result: { status: 'failed', errors: zodErrors(parsed.error.issues) } };
    // The custom values against the definitions of now, as the API's customValues middleware checks a create.
    const customErrors = customValueErrors(context.customFields, parsed.data.custom, 'create', 'custom');
    if (customErrors.length > 0) return { result: { status: 'failed', errors: customErrors } };
    const { custom: customInput, ...fields } = parsed.data;
    const custom = createdValues(customInput);
    const data = custom ? { ...fields, custom } : fields;
    if (parsed.data.ownerId !== undefined && context.caller.scope === 'own') {
      return { result: { status: 'failed', errors: [{ path: 'ownerId', message: 'Account managers own the customers they import: leave the column empty.' }] } };
    }
    try {
      if (context.job.mode === 'validate') {
        await checkKnownCodes(dictionary, codesOf(data));
        return { result: { status: 'valid' } };
      }
      await checkCodes(dictionary, codesOf(data), { at: context.job.createdAt, by: context.caller.username });
      return { data };
    } catch (error) {
      const result = failed(error);
      if (result) return { result };
      throw error;
    }
  };

  const importRow = async (input: Record<string, unknown>, line: number, context: RowContext): Promise<RowResult> => {
    const prepared = await prepare(input, context);
    if ('result' in prepared) return prepared.result;
    const { data } = prepared;
    try {
      const attempt = async (row: typeof data, allowDuplicate = context.job.onDuplicate === 'create'): Promise<RowResult> => {
        const outcome = await createCustomer(deps, { caller: context.caller, input: row, idempotency: rowClaim(context.caller, 'importCustomers', row), allowDuplicate });
        const customer: Customer = outcome.customer;
        // A replay made by this import (an earlier attempt of the same chunk) still counts as created by it.
        if (outcome.kind === 'replayed' && customer.createdAt < context.job.createdAt) return { status: 'skipped', reason: 'already imported' };
        return { status: 'created', record: { line, recordId: customer.id, version: customer.version } };
      };
      try {
        return await attempt(data);
      } catch (error) {
        // The same duplicate rule as the API's create (name, phone, e-mail domain, tax number): `create` was allowed
        // above; `skip` leaves the row; `update` changes the one candidate the importer may see.
        if (isPossibleDuplicate(error)) {
          const candidates = shownCandidatesOf(error);
          if (context.job.onDuplicate === 'skip') return { status: 'skipped', reason: 'possible duplicate' };
          if (candidates.length !== 1 || (error.details.extensions?.hiddenCandidates as number) > 0) {
            return { status: 'failed', errors: [{ path: 'row', message: `Matches ${candidates.length === 0 ? 'customers you may not change' : `${candidates.length} or more customers`}; import it with onDuplicate skip or create.` }] };
          }
          const updated = await updateById(candidates[0]!.id, input, context);
          return updated.status === 'updated' ? { ...updated, record: { ...updated.record, line } } : updated;
        }
        const taken = error instanceof DomainError && error.code === ErrorCode.CustomerNoTaken && data.customerNo !== undefined;
        if (!taken) throw error;
        if (context.job.onDuplicate === 'skip') return { status: 'skipped', reason: 'customer number in use' };
        if (context.job.onDuplicate === 'create') {
          const { customerNo: _taken, ...withoutNo } = data;
          return await attempt(withoutNo);
        }
        const updated = await update(data.customerNo!, input, context);
        return updated.status === 'updated' ? { ...updated, record: { ...updated.record, line } } : updated;
      }
    } catch (error) {
      const result = failed(error);
      if (result) return result;
      throw error;
    }
  };

  return {
    columns: CUSTOMER_COLUMNS,
    required: CUSTOMER_REQUIRED_COLUMNS,
    customEntityType: 'customer',

    importRow,
    ...(chunks ? { importChunk: (rows, context) => importCustomerChunk({ store: chunks, clock: deps.clock, directory: deps.directory, prepare, importRow, rowFailure: failed }, rows, context) } : {}),

    async revertCreated(record, caller) {
      try {
        await deleteCustomer(deps, { caller, customerId: record.recordId, expectedVersion: record.version });
        return true;
      } catch (error) {
        if (error instanceof DomainError && (error.code === ErrorCode.VersionConflict || error.code === ErrorCode.CustomerNotFound)) return false;
        throw error;
      }
    },

    async revertUpdated(record: WrittenRecord, caller) {
      try {
        const changes = updateCustomerBody.safeParse(record.before ?? {});
        if (!changes.success) return false;
        await updateCustomer(deps, { caller, customerId: record.recordId, changes: changes.data, expectedVersion: record.version });
        return true;
      } catch (error) {
        if (error instanceof DomainError && (error.code === ErrorCode.VersionConflict || error.code === ErrorCode.CustomerNotFound || error.code === ErrorCode.ValidationFailed)) return false;
        throw error;
      }
    },
  };
};
