import type { UserDirectory } from '#shared/auth/user-directory';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { customerDependencies } from '#functions/customers/customer/customer.container';
import { contactDependencies } from '#functions/contacts/contact.container';
import { ordersDependencies } from '#functions/orders/orders.container';
import { contactImporter } from './contact.importer';
import { DynamoDbCustomerChunkStore } from './customer-chunk.repository';
import { DynamoDbCustomerNumbers } from './customer-numbers.repository';
import { DynamoDbProductCodes } from './product-codes.repository';
import { productImporter } from './product.importer';
import { customerImporter } from './customer.importer';
import type { EntityImporter } from './import-rows';
import { importApiDependencies } from './imports.container';
import type { ImportDependencies, ImportLimits } from './imports.dependencies';

/** The product's limits (issue 16): 50 MB, 1,000,000 rows; a step writes at most 1,000 rows (customers: 4 chunks of 250) or runs 60 s. */
export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 1_000_000,
  maxCellLength: 4_000,
  maxColumns: 100,
  chunkRows: 1_000,
  validateChunkRows: 25_000,
  writeChunkRows: 250,
  concurrency: 10,
  stepMillis: 60_000,
  revertChunks: 5,
};

/** Owners named in a file repeat on every row: their look-ups are kept for the container's life (a job step). */
const memoizedDirectory = (directory: UserDirectory): UserDirectory => {
  const seen = new Map<string, ReturnType<UserDirectory['findUser']>>();
  return { findUser: (username) => seen.get(username) ?? (seen.set(username, directory.findUser(username)), seen.get(username)!) };
};

let dependencies: ImportDependencies | undefined;

/** Wires the job's real dependencies once per process; the importers (and the customers' dependencies) on first use. */
export const importJobDependencies = (): ImportDependencies => {
  if (dependencies) return dependencies;
  const { TABLE_NAME } = loadConfig();
  const client = documentClient();
  let customers: EntityImporter | undefined;
  let contacts: EntityImporter | undefined;
  let products: EntityImporter | undefined;
  const customerIdOf = (customerNo: string) => new DynamoDbCustomerNumbers(client, TABLE_NAME).customerIdOf(customerNo);
  const importers = {
    get customers(): EntityImporter {
      return (customers ??= customerImporter(
        // The customers feature's create, update and archive, with their repository: an import writes exactly as they do.
        { ...customerDependencies(), directory: memoizedDirectory(customerDependencies().directory) },
        dictionaryCache(),
        customerIdOf,
        new DynamoDbCustomerChunkStore(client, TABLE_NAME),
      ));
    },
    get contacts(): EntityImporter {
      return (contacts ??= contactImporter(contactDependencies(), customerIdOf));
    },
    get products(): EntityImporter {
      return (products ??= productImporter(ordersDependencies(), dictionaryCache(), (code) => new DynamoDbProductCodes(client, TABLE_NAME).productIdOf(code)));
    },
  };
  dependencies = {
    ...importApiDependencies(),
    importers,
    dictionary: () => dictionaryCache().snapshot(),
    get customFields() {
      return customFieldSource();
    },
    limits: IMPORT_LIMITS,
  };
  return dependencies;
};

export const useImportJobDependencies = (replacement: ImportDependencies | undefined): void => {
  dependencies = replacement;
};
