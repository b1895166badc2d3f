import type { Money } from '#shared/core/schema-primitives';

/** A customer of the user under an open lost-customer record (流失预警 / 暂缓流失). */
export interface ChurnRiskEntry {
  readonly customerId: string;
  readonly customerNo: string;
  readonly customerName: string;
  readonly status: 'warning' | 'delaying';
  readonly openedAt: string;
  readonly lastOrderAt?: string;
}

/** An order of one of the user's customers whose balance is past its due date. */
export interface OverdueReceivable {
  readonly orderId: string;
  readonly orderNo: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly dueAt: string;
  readonly balance: Money;
}

/** The workbench's own reads beside the calendar's sources: one Query each. */
export interface WorkbenchRepository {
  /** The user's customers at churn risk, newest record first, at most `limit` + 1. */
  churnRisk(userId: string, limit: number): Promise<ChurnRiskEntry[]>;
  /** The user's receivables due before `asOf`, oldest due first, at most `limit` + 1. */
  overdueReceivables(userId: string, asOf: string, limit: number): Promise<OverdueReceivable[]>;
}
