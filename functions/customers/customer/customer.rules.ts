import { rolesThatMayOwnCustomers } from '#shared/auth/permissions';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import type { Customer } from './customer.schema';
import type { StoredCustomer } from './customer.ports';
import type { Caller } from './customer.dependencies';

/** Rules shared by several customer use cases. */

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

/** Archived customers and, for account managers, customers of other owners look exactly like missing ones. */
export const visibleTo = (caller: Caller, customer: StoredCustomer | undefined): customer is StoredCustomer =>
  customer !== undefined &&
  customer.deletedAt === undefined &&
  (caller.scope === 'all' || customer.ownerId === caller.username);

export const withoutStorageMarkers = ({ deletedAt: _deletedAt, mergedInto: _mergedInto, ...customer }: StoredCustomer): Customer => customer;

/**
 * The 404 of a customer the caller may not see; a customer merged into another that the caller may see names the
 * survivor (`mergedInto`, an RFC 9457 extension), so a client can follow it.
 */
export const customerGoneFor = (caller: Caller, customerId: string, customer: StoredCustomer | undefined): DomainError =>
  customer?.mergedInto !== undefined && (caller.scope === 'all' || customer.ownerId === caller.username)
    ? new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} was merged into customer ${customer.mergedInto}.`, {
        extensions: { mergedInto: customer.mergedInto },
      })
    : customerNotFound(customerId);

/** An owner must be an enabled user whose role may own customers (derived from the permission table). */
export const resolveOwner = async (
  directory: UserDirectory,
  username: string,
): Promise<{ ownerId: string; ownerName: string }> => {
  const user = await directory.findUser(username);
  const mayOwn = rolesThatMayOwnCustomers();
  if (!user || !user.enabled || !user.roles.some((role) => mayOwn.includes(role))) {
    throw new DomainError(ErrorCode.InvalidOwner, 'The new owner must be an enabled staff member who may own customers.', {
      errors: [{ path: 'body.ownerId', message: `No enabled user ${username} with a role that may own customers.` }],
    });
  }
  return { ownerId: user.username, ownerName: user.name };
};

/** Only the owner of their own customers: a scoped caller's writes carry their username as a condition. */
export const ownerScopeOf = (caller: Caller): string | undefined => (caller.scope === 'own' ? caller.username : undefined);

// Issue 17: the rules between a customer's fields, judged on the record as it will be stored (on PATCH: after the
// change, so a field sent alone is judged against the record's other fields).

/** A customer is in China when its country is absent (this is a Chinese CRM) or `CN`. */
export const isInChina = (customer: { country?: string | null | undefined }): boolean =>
  customer.country === undefined || customer.country === null || customer.country === 'CN';

/** GB/T 2260: six digits; a city's code starts with its province's two (`440300` 深圳市 in `440000` 广东省). */
const GB_T_2260 = /^\d{6}$/;

/** The latest calendar date anywhere on earth (UTC+14): a birthday of "today" is accepted in every time zone. */
const latestToday = (now: Date): string => new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

type Profile = Partial<Pick<Customer, 'kind' | 'gender' | 'birthday' | 'country' | 'province' | 'city'>>;

/** Every field the issue-17 rules refuse in `customer`, each named `body.<field>`. */
export const profileErrors = (customer: Profile, now: Date): FieldError[] => {
  const errors: FieldError[] = [];
  const person = customer.kind === 'person';
  if (customer.gender !== undefined && !person) errors.push({ path: 'body.gender', message: 'Only an individual customer (kind: person) has a gender.' });
  if (customer.birthday !== undefined && !person) errors.push({ path: 'body.birthday', message: 'Only an individual customer (kind: person) has a birthday.' });
  if (customer.birthday !== undefined && customer.birthday > latestToday(now)) errors.push({ path: 'body.birthday', message: 'A birthday may not be in the future.' });
  if (!isInChina(customer)) return errors;
  const { province, city } = customer;
  if (province !== undefined && !GB_T_2260.test(province)) {
    errors.push({ path: 'body.province', message: 'In China: a code of the province list, such as 440000 (GET /v1/dictionary/province).' });
  }
  if (city !== undefined && !GB_T_2260.test(city)) {
    errors.push({ path: 'body.city', message: 'In China: a code of the city list, such as 440300 (GET /v1/dictionary/city).' });
  } else if (city !== undefined && province === undefined) {
    errors.push({ path: 'body.province', message: 'A city in China needs its province.' });
  } else if (city !== undefined && province !== undefined && city.slice(0, 2) !== province.slice(0, 2)) {
    errors.push({ path: 'body.city', message: `The city ${city} is not in the province ${province}.` });
  }
  return errors;
};

const invalidInput = (errors: FieldError[]): DomainError => new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

/** Create: refuses (400) a new customer that breaks the rules. */
export const checkProfile = (customer: Profile, now: Date): void => {
  const errors = profileErrors(customer, now);
  if (errors.length > 0) throw invalidInput(errors);
};

/**
 * Update: the rules on the record after the change. A move into China (country set to `CN` or cleared) must send
 * the stored province and city again: only sent values are checked against the dictionary lists (by the handler).
 */
export const checkProfileChange = (changes: Readonly<Record<string, unknown>>, before: StoredCustomer, after: StoredCustomer, now: Date): void => {
  const errors: FieldError[] = [];
  if (isInChina(after) && !isInChina(before)) {
    for (const field of ['province', 'city'] as const) {
      if (after[field] !== undefined && !(field in changes)) {
        errors.push({ path: `body.${field}`, message: `Moving the customer to China: send its ${field} again, as a code of the ${field} list.` });
      }
    }
  }
  // One error per field: the move's explains best.
  errors.push(...profileErrors(after, now).filter((error) => !errors.some((known) => known.path === error.path)));
  if (errors.length > 0) throw invalidInput(errors);
};
