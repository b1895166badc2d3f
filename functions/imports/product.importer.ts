import { DomainError, ErrorCode } from '#shared/core/errors';
import { checkCodes, checkKnownCodes, type CodeUse, type DictionaryCache } from '#shared/dictionary/lookup';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { updateProduct } from '#functions/orders/products/update-product.use-case';
import { createProductBody, updateProductBody } from '#functions/orders/products/product.schema';
import type { EntityImporter, RowContext, RowResult } from './import-rows';
import type { WrittenRecord } from './import.ports';
import { PRODUCT_COLUMNS, PRODUCT_REQUIRED_COLUMNS } from './product-columns';
import { rowClaim, zodErrors } from './row-outcomes';

/** Finds the product holding a code (its uniqueness sentinel), for `onDuplicate`. */
export type ProductCodeLookup = (code: string) => Promise<string | undefined>;

/** The code identifies the product; the stock moves only by adjustments and orders (as PATCH /v1/products/{id}). */
const NOT_UPDATED = new Set(['code', 'stockOnHand']);

const categoryUse = (input: { category?: string | undefined }): CodeUse[] =>
  input.category === undefined ? [] : [{ type: 'product-category', code: input.category, path: 'category' }];

const refusedBy = (error: unknown, ...codes: string[]): boolean => error instanceof DomainError && codes.includes(error.code);

/**
 * Products (administrators: the import's start checks `products:write`): each row goes through the products
 * feature's own `createProduct` (functions/orders/products/create-product.use-case.ts) with a per-row idempotency
 * claim — the code sentinel, the opening stock adjustment and the audit entry in its transaction. A code in use:
 * `skip` leaves the row, `update` changes that product's descriptive fields (`updateProduct`, by version, the old
 * values kept for a revert), `create` fails the row (a code is the product's identity; there is no second one).
 * A revert deactivates the products the import created (products are never deleted: orders point at them).
 */
export const productImporter = (deps: OrdersDependencies, dictionary: DictionaryCache, productIdByCode: ProductCodeLookup): EntityImporter => {
  const update = async (code: string, input: Record<string, unknown>, line: number, context: RowContext): Promise<RowResult> => {
    const productId = await productIdByCode(code);
    const current = productId ? await deps.products.get(productId) : undefined;
    if (!current) return { status: 'failed', errors: [{ path: 'code', message: 'The product holding this code was not found.' }] };
    const parsed = updateProductBody.safeParse(Object.fromEntries(Object.entries(input).filter(([field]) => !NOT_UPDATED.has(field))));
    if (!parsed.success) return { status: 'failed', errors: zodErrors(parsed.error.issues) };
    const before = Object.fromEntries(Object.keys(parsed.data).map((field) => [field, (current as Record<string, unknown>)[field] ?? null]));
    try {
      const after = await updateProduct(deps, { caller: context.caller, productId: current.id, changes: parsed.data, expectedVersion: current.version });
      return { status: 'updated', record: { line, recordId: after.id, version: after.version, before } };
    } catch (error) {
      if (refusedBy(error, ErrorCode.VersionConflict)) return { status: 'failed', errors: [{ path: 'row', message: 'The product changed while it was imported; import the row again.' }] };
      throw error;
    }
  };

  return {
    columns: PRODUCT_COLUMNS,
    required: PRODUCT_REQUIRED_COLUMNS,

    async importRow(input, line, context) {
      const parsed = createProductBody.safeParse(input);
      if (!parsed.success) return { status: 'failed', errors: zodErrors(parsed.error.issues) };
      try {
        if (context.job.mode === 'validate') {
          await checkKnownCodes(dictionary, categoryUse(parsed.data));
          return { status: 'valid' };
        }
        await checkCodes(dictionary, categoryUse(parsed.data), { at: context.job.createdAt, by: context.caller.username });
        const outcome = await createProduct(deps, { caller: context.caller, input: parsed.data, idempotency: rowClaim(context.caller, 'importProducts', parsed.data) });
        if (outcome.kind === 'replayed' && outcome.value.createdAt < context.job.createdAt) return { status: 'skipped', reason: 'already imported' };
        return { status: 'created', record: { line, recordId: outcome.value.id, version: outcome.value.version } };
      } catch (error) {
        if (refusedBy(error, ErrorCode.ValidationFailed)) return { status: 'failed', errors: (error as DomainError).details.errors ?? [{ path: 'row', message: (error as DomainError).message }] };
        if (!refusedBy(error, ErrorCode.ProductCodeTaken)) throw error;
        if (context.job.onDuplicate === 'skip') return { status: 'skipped', reason: 'product code in use' };
        if (context.job.onDuplicate === 'create') return { status: 'failed', errors: [{ path: 'code', message: 'This product code is in use; a code identifies one product (import with onDuplicate skip or update).' }] };
        return update(parsed.data.code, input, line, context);
      }
    },

    async revertCreated(record: WrittenRecord, caller) {
      try {
        await updateProduct(deps, { caller, productId: record.recordId, changes: { active: false }, expectedVersion: record.version });
        return true;
      } catch (error) {
        if (refusedBy(error, ErrorCode.VersionConflict, ErrorCode.ProductNotFound)) return false;
        throw error;
      }
    },

    async revertUpdated(record: WrittenRecord, caller) {
      const changes = updateProductBody.safeParse(record.before ?? {});
      if (!changes.success) return false;
      try {
        await updateProduct(deps, { caller, productId: record.recordId, changes: changes.data, expectedVersion: record.version });
        return true;
      } catch (error) {
        if (refusedBy(error, ErrorCode.VersionConflict, ErrorCode.ProductNotFound)) return false;
        throw error;
      }
    },
  };
};
