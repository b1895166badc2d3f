import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { customerKeys } from '#shared/keys/customer.keys';
import { invoiceKeys } from '#shared/keys/invoices.keys';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import { assertFitsOneTransaction, orderNotFound } from '#functions/orders/order/order.rules';
import { orderProgressParts, type OrderProgressLabel } from '#functions/orders/shipments/order-progress.writes';
import { orderVersionConflict } from '#functions/orders/shipments/shipment.rules';
import { invoiceEntity } from './invoice.entity';
import type { CreateOutcome, CustomerInvoicingDetails, InvoiceRepository, InvoiceVoiding, InvoiceWrite, Page, PageKey, Stale } from './invoice.ports';
import { invoiceNotFound, invoiceNumberTaken } from './invoice.rules';
import type { Invoice } from './invoice.schema';
import { uniqueInvoiceNumberEntity } from './unique-invoice-number.entity';
import { queryOrderCollectionPage } from '#functions/orders/order/order-collection.reads';
import { orderAudit } from '#functions/orders/order/order-audit.writes';

type InvoiceLabel = OrderProgressLabel | 'invoice' | 'number' | 'idempotency' | 'audit';

/** What an invoice's write changes on the order item. */
const ORDER_FIELDS_MOVED = ['invoicedAmount', 'version', 'updatedAt', 'updatedBy'] as const;

/**
 * Invoices on DynamoDB: the invoice in its order's collection (on gsi1 under its customer), its number's sentinel, and
 * the order's invoiced amount and summary, in ONE labelled transaction per write.
 */
export class DynamoDbInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async customer(customerId: string): Promise<CustomerInvoicingDetails | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }));
    if (!item) return undefined;
    const customer = customerEntity.fromItem(item);
    return {
      id: customer.id,
      name: customer.name,
      ownerId: customer.ownerId,
      archived: customer.deletedAt !== undefined,
      nationalTaxNo: customer.nationalTaxNo,
      localTaxNo: customer.localTaxNo,
      address: customer.address,
      phone: customer.phone,
      bank: customer.bank,
      bankAccount: customer.bankAccount,
    };
  }

  async issue(write: InvoiceWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Invoice>> {
    const { current, next, invoice } = write;
    const sent: TransactionPart<InvoiceLabel>[] = [
      part('invoice', { Put: { TableName: this.tableName, Item: invoiceEntity.toItem(invoice), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('number', {
        Put: {
          TableName: this.tableName,
          Item: uniqueInvoiceNumberEntity.toItem({ number: invoice.number, invoiceId: invoice.id }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      ...orderProgressParts(this.tableName, write, ORDER_FIELDS_MOVED),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, invoice))] : []),
      part('audit', this.invoiceAudit(undefined, invoice)),
      part('audit', orderAudit(this.tableName, current, next, { note: `Invoice ${invoice.number} issued` })),
    ];
    assertFitsOneTransaction(sent.length);
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', value: invoice };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<Invoice>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('order')) {
      const old = refused.old('order');
      if (!old) throw orderNotFound(current.id);
      throw orderVersionConflict(current.id, Number(old.version));
    }
    if (refused.has('number')) throw invoiceNumberTaken(invoice.number);
    throw refused.error;
  }

  async void(write: InvoiceVoiding): Promise<{ kind: 'voided' } | Stale> {
    const { current, next, invoice, previous } = write;
    const sent: TransactionPart<InvoiceLabel>[] = [
      part('invoice', {
        Put: {
          TableName: this.tableName,
          Item: invoiceEntity.toItem(invoice),
          ConditionExpression: 'attribute_exists(#pk) AND #version = :version AND #status = :status',
          ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':status': previous.status },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      }),
      ...orderProgressParts(this.tableName, write, ORDER_FIELDS_MOVED),
      part('audit', this.invoiceAudit(previous, invoice)),
      part('audit', orderAudit(this.tableName, current, next, { note: `Invoice ${invoice.number} voided` })),
    ];
    assertFitsOneTransaction(sent.length);
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'voided' };
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('invoice')) {
      const old = refused.old('invoice');
      if (!old) throw invoiceNotFound(invoice.id);
      if (old.status !== previous.status) throw new DomainError(ErrorCode.InvalidTransition, `Invoice ${invoice.number} is void already.`);
      throw new DomainError(ErrorCode.VersionConflict, `Invoice ${invoice.number} has changed since you read it (now version ${String(old.version)}); read it again.`);
    }
    if (refused.has('order')) {
      if (!refused.old('order')) throw orderNotFound(current.id);
      return { kind: 'stale' };
    }
    throw refused.error;
  }

  async get(orderId: string, invoiceId: string): Promise<Invoice | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: invoiceKeys.item(orderId, invoiceId), ConsistentRead: true }));
    return item ? invoiceEntity.fromItem(item) : undefined;
  }

  async list(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Invoice>> {
    return queryOrderCollectionPage(this.client, this.tableName, { orderId, prefix: invoiceKeys.prefix, fromItem: invoiceEntity.fromItem }, page);
  }


  private invoiceAudit(previous: Invoice | undefined, invoice: Invoice): TransactItem {
    return auditPut(this.tableName, {
      at: invoice.updatedAt,
      actor: invoice.updatedBy,
      action: previous === undefined ? 'create' : 'transition',
      entityType: 'invoice',
      entityId: invoice.id,
      customerId: invoice.customerId,
      entityVersion: invoice.version,
      changes: changesBetween(previous, invoice),
      ...(previous && invoice.voidReason ? { note: invoice.voidReason } : {}),
    });
  }

}
