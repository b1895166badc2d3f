import { churnWatchAttributesOf } from '#shared/churn/churn-watch.entity';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { customerSortAttributesOf } from '#shared/customer-records/customer-sort-indexes';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import type { StoredCustomer } from './customer.ports';
import type { Customer } from './customer.schema';

/**
 * The customer item (`pk = CUSTOMER#<id>`, `sk = CUSTOMER`), declared once: every feature that reads or writes a
 * customer item (customers, opportunities when a win creates one, the overview, the bench) goes through it.
 * docs/data-model.md, "Customers", explains the keys and indexes.
 */
export const CUSTOMER_FIELDS = fieldsOf<StoredCustomer>()(
  'id', 'customerNo', 'name', 'level', 'status', 'ownerId', 'ownerName', 'tags', 'region', 'industry', 'source', 'credit',
  'satisfaction', 'address', 'zip', 'phone', 'fax', 'website', 'licenceNo', 'legalRepresentative', 'registeredCapital',
  'annualRevenue', 'bank', 'bankAccount', 'localTaxNo', 'nationalTaxNo', 'type', 'kind', 'email', 'country', 'province',
  'city', 'district', 'employeeCount', 'memo', 'paymentTermsDays', 'gender', 'birthday', 'lastOrderAt', 'lifetimeValue', 'lastContactAt',
  'primaryContactId', 'custom', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'mergedInto',
);

/** The list indexes a customer is on; every one sorts by the same search key (name → pinyin initials, then id). */
export const CUSTOMER_LIST_INDEXES = [customerKeys.byOwner, customerKeys.byName, customerKeys.byLevel, customerKeys.byRegion, customerKeys.byStatus];
/** Their attributes, removed together when a customer is archived (it leaves every list). */
export const CUSTOMER_INDEX_ATTRIBUTES = CUSTOMER_LIST_INDEXES.flatMap((index) => [index.pkAttribute, index.skAttribute]);

/** The list-index attributes of a customer (the region index is sparse: a customer without a region is not on it). */
export const customerIndexAttributesOf = (customer: Pick<Customer, 'id' | 'name' | 'ownerId' | 'level' | 'status' | 'region'>): Record<string, string> => {
  const sk = customerKeys.sortKey(searchKeyOf(customer.name), customer.id);
  return {
    [customerKeys.byOwner.pkAttribute]: customerKeys.byOwner.pk(customer.ownerId),
    [customerKeys.byOwner.skAttribute]: sk,
    [customerKeys.byName.pkAttribute]: customerKeys.byName.pk(),
    [customerKeys.byName.skAttribute]: sk,
    [customerKeys.byLevel.pkAttribute]: customerKeys.byLevel.pk(customer.level),
    [customerKeys.byLevel.skAttribute]: sk,
    ...(customer.region ? { [customerKeys.byRegion.pkAttribute]: customerKeys.byRegion.pk(customer.region), [customerKeys.byRegion.skAttribute]: sk } : {}),
    [customerKeys.byStatus.pkAttribute]: customerKeys.byStatus.pk(customer.status),
    [customerKeys.byStatus.skAttribute]: sk,
  };
};

/** The customer item's `entity` marker. */
export const CUSTOMER_ENTITY = 'Customer';

const base = defineEntity<StoredCustomer>({
  name: CUSTOMER_ENTITY,
  fields: CUSTOMER_FIELDS,
  keyOf: (customer) => customerKeys.item(customer.id),
  // The normalised name (exact-name look-ups), the list indexes (by name; by creation, update and last-order time)
  // and, for an active customer, the churn watch (docs/data-model.md, "Lost customers").
  indexesOf: (customer) => ({
    nameKey: normalizeName(customer.name),
    ...customerIndexAttributesOf(customer),
    ...customerSortAttributesOf(customer),
    ...churnWatchAttributesOf(customer),
  }),
});

export const customerEntity = {
  ...base,
  toItem: (customer: Customer): Item => base.toItem(customer),
  /** `tags: null` on PATCH removes the attribute; the API always answers a list (found by test/e2e/fuzz.e2e.test.ts). */
  fromItem: (item: Item): StoredCustomer => {
    const customer = base.fromItem(item);
    customer.tags ??= [];
    return customer;
  },
};
