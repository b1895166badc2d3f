import type { IndexName } from './table-definition';

/**
 * One access pattern on a global secondary index. The generic index attributes (gsi1pk …) are overloaded: the
 * entity modules name which pattern uses which index (docs/data-model.md explains each).
 */
export interface IndexKey<A extends unknown[]> {
  readonly index: IndexName;
  readonly pkAttribute: string;
  readonly skAttribute: string;
  readonly pk: (...args: A) => string;
}

/** The access pattern on `gsi<n>`: its attributes are `gsi<n>pk` / `gsi<n>sk`. */
export const indexKey = <A extends unknown[]>(index: IndexName, n: number, pk: (...args: A) => string): IndexKey<A> => ({
  index,
  pkAttribute: `gsi${n}pk`,
  skAttribute: `gsi${n}sk`,
  pk,
});
