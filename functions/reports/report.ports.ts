/** What the report use cases read: aggregate items (plain records; the use cases pick the attributes they need). */
export type AggregateItem = Readonly<Record<string, unknown>>;

export interface CustomerHead {
  readonly customerNo?: string;
  readonly name?: string;
}

export interface ReportStore {
  /** `AGG#CUSTOMER_ORDER_VALUE#<year>`: one item per customer who ordered in the year. */
  contribution(year: string): Promise<AggregateItem[]>;
  /** `AGG#COMPOSITION`, the items of one dimension (all shards). */
  composition(dimension: string): Promise<AggregateItem[]>;
  /** `AGG#SERVICES`, months `from` … `to` (yyyy-mm). */
  services(from: string, to: string): Promise<AggregateItem[]>;
  /** `AGG#CHURN`, months `from` … `to` (yyyy-mm). */
  churn(from: string, to: string): Promise<AggregateItem[]>;
  /** `AGG#PIPELINE`: every status and shard. */
  pipeline(): Promise<AggregateItem[]>;
  /** `AGG#RECEIVABLES`: one item per customer who ever had a balance. */
  receivables(): Promise<AggregateItem[]>;
  /** Number and name of a few customers (one BatchGetItem per 100). */
  customerHeads(customerIds: readonly string[]): Promise<Map<string, CustomerHead>>;
}
