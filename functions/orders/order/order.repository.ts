import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbOrderChanges } from './order-changes.repository';
import { DynamoDbOrderEdits } from './order-edit.repository';
import { DynamoDbOrderPlacement } from './order-placement.repository';
import { DynamoDbOrderReads } from './order-reads.repository';
import type { OrderRepository } from './order.ports';

/**
 * The orders on DynamoDB, one module per responsibility: reads (order-reads.repository.ts), placing an order
 * (order-placement.repository.ts), and changing a placed order — its status and its payments
 * (order-changes.repository.ts), editing a placed order (order-edit.repository.ts).
 */
export class DynamoDbOrderRepository implements OrderRepository {
  private readonly reads: DynamoDbOrderReads;
  private readonly placement: DynamoDbOrderPlacement;
  private readonly changes: DynamoDbOrderChanges;
  private readonly edits: DynamoDbOrderEdits;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.reads = new DynamoDbOrderReads(client, tableName);
    this.placement = new DynamoDbOrderPlacement(client, tableName);
    this.changes = new DynamoDbOrderChanges(client, tableName);
    this.edits = new DynamoDbOrderEdits(client, tableName);
  }

  placementContext: OrderRepository['placementContext'] = (customerId, productIds) => this.reads.placementContext(customerId, productIds);
  customer: OrderRepository['customer'] = (customerId) => this.reads.customer(customerId);
  get: OrderRepository['get'] = (orderId) => this.reads.get(orderId);
  listByCustomer: OrderRepository['listByCustomer'] = (customerId, page) => this.reads.listByCustomer(customerId, page);
  feedByCustomer: OrderRepository['feedByCustomer'] = (customerId, window, page) => this.reads.feedByCustomer(customerId, window, page);
  list: OrderRepository['list'] = (criteria, page) => this.reads.list(criteria, page);
  feed: OrderRepository['feed'] = (window, page, scope) => this.reads.feed(window, page, scope);
  feedCustomers: OrderRepository['feedCustomers'] = (customerIds) => this.reads.feedCustomers(customerIds);
  place: OrderRepository['place'] = (placement, idempotency) => this.placement.place(placement, idempotency);
  changeStatus: OrderRepository['changeStatus'] = (current, next, guard) => this.changes.changeStatus(current, next, guard);
  cancel: OrderRepository['cancel'] = (current, next, guard) => this.changes.cancel(current, next, guard);
  contactIsLive: OrderRepository['contactIsLive'] = (customerId, contactId) => this.edits.contactIsLive(customerId, contactId);
  edit: OrderRepository['edit'] = (edit) => this.edits.edit(edit);
  addPayment: OrderRepository['addPayment'] = (current, next, payment, guard, idempotency) =>
    this.changes.addPayment(current, next, payment, guard, idempotency);
}
