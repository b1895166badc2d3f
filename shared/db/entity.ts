import { pickFields, type Item } from './item';

/** A primary key of the single table. */
export interface Key {
  readonly pk: string;
  readonly sk: string;
  readonly [attribute: string]: string;
}

/**
 * A stored item type declared once, the way an ElectroDB entity is: its `entity` marker, the fields it stores,
 * where it lives (primary key) and which index attributes it carries. Every reader and writer of the item goes
 * through it; nothing else spells its keys, its index attributes or its field list.
 */
export interface EntitySpec<T> {
  /** The item's `entity` attribute: which type a raw item is. */
  readonly name: string;
  /** The stored fields that make up `T`: exactly these leave the table (`fromItem`). */
  readonly fields: readonly (keyof T & string)[];
  /** The primary key of a value. */
  readonly keyOf: (value: T) => Key;
  /** The index attributes a value carries (absent ones: the item is not on that index — sparse). */
  readonly indexesOf?: (value: T) => Readonly<Record<string, string | number | undefined>>;
}

export interface Entity<T> extends EntitySpec<T> {
  /** The whole item to Put: key, entity marker, the declared fields, index attributes. */
  toItem(value: T): Item;
  /** The domain value of a raw item: the declared fields only. */
  fromItem(item: Item): T;
  /** The index attributes of a value, without the absent ones (for an Update's SET). */
  indexAttributes(value: T): Record<string, string | number>;
}

const definedOnly = (record: Readonly<Record<string, string | number | undefined>>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string | number>;

export const defineEntity = <T>(spec: EntitySpec<T>): Entity<T> => {
  const indexAttributes = (value: T) => definedOnly(spec.indexesOf?.(value) ?? {});
  return {
    ...spec,
    indexAttributes,
    toItem: (value) => ({
      ...pickFields<Item>(value as Item, spec.fields),
      ...indexAttributes(value),
      ...spec.keyOf(value),
      entity: spec.name,
    }),
    fromItem: (item) => pickFields<T>(item, spec.fields),
  };
};

/**
 * The field list of a type, checked by the compiler to name every key of `T` (and nothing else): a field added to
 * the type and not to its entity is a compile error, not a field silently dropped on read.
 */
export const fieldsOf = <T>() => <const F extends readonly (keyof T & string)[]>(
  ...fields: F & ([Exclude<keyof T & string, F[number]>] extends [never] ? unknown : { missing: Exclude<keyof T & string, F[number]> })
): F => fields;
