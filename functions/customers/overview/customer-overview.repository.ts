import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { activityEntity } from '#functions/activities/activity.entity';
import { followUpEntity } from '#functions/activities/follow-up.entity';
import { contactEntity } from '#functions/contacts/contact.entity';
import { attachmentEntity } from '#functions/attachments/attachment.entity';
import { liveUnderCustomerQuery } from '#shared/keys/attachment.keys';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import { recentOrdersOf } from '#functions/orders/order/recent-orders.entity';
import { contactDirectoryEntity } from '#shared/customer-records/contact-directory.entity';
import { customerHeadOf } from '#shared/customer-records/customer-head';
import { logger } from '#shared/core/logger';
import type { IndexKey } from '#shared/db/index-key';
import type { Item } from '#shared/db/item';
import { activityKeys, CUSTOMER_RECORD_LIMITS, OVERVIEW_HEAD, overviewKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { quoteEntity } from '#functions/orders/quotes/quote.entity';
import { quoteSummaryOf } from '#functions/orders/quotes/quote.schema';
import { shipmentKeys } from '#shared/keys/shipments.keys';
import { shipmentEntity } from '#functions/orders/shipments/shipment.entity';
import { shipmentSummaryOf } from '#functions/orders/shipments/shipment.schema';
import { invoiceKeys } from '#shared/keys/invoices.keys';
import { invoiceEntity } from '#functions/orders/invoices/invoice.entity';
import { invoiceSummaryOf } from '#functions/orders/invoices/invoice.schema';
import type { CustomerOverviewRead, CustomerOverviewReader } from './customer-overview.ports';

/** The newest attachments the 360 view shows. */
const OVERVIEW_ATTACHMENTS = 20;
/** The newest quotes the 360 view shows. */
const OVERVIEW_QUOTES = 20;
/** The newest shipments in transit the 360 view shows. */
const OVERVIEW_SHIPMENTS = 20;
/** The newest invoices the 360 view shows. */
const OVERVIEW_INVOICES = 20;

type Section = (typeof OVERVIEW_HEAD)[number]['section'] | 'activities';

/** Which part of the overview an item belongs to, by its sort key; undefined for item types it does not know. */
export const sectionOf = (sk: string): Section | undefined => {
  if (sk.startsWith(activityKeys.prefix)) return 'activities';
  const match = OVERVIEW_HEAD.find((section) => (section.exact ? sk === section.prefix : sk.startsWith(section.prefix)));
  return match?.section;
};

/**
 * The 360 view in ONE Query: `pk = CUSTOMER#<id> AND sk BETWEEN 'ACTIVITY#' AND 'CUSTOMER#\uffff'`, read
 * backwards. The bounded head (open follow-ups, contacts, the customer, the contact directory) comes first, then
 * the activities newest first; `Limit` = the head's bound + 20 stops the read after the 20th activity at the
 * latest, so a customer's history never makes the view slower. Items of types it does not know are skipped.
 *
 * Only if the head ever outgrew its bound (a feature that broke the contract) would a second Query fetch the
 * missing activities — logged as a warning, never silently wrong.
 */
export class DynamoDbCustomerOverviewReader implements CustomerOverviewReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(customerId: string): Promise<CustomerOverviewRead> {
    // The attachments (gsi2) and the quotes (gsi1) are on their own indexes (docs/data-model.md "Attachments",
    // "Quotations"): a Query each, in parallel with the collection's.
    // Shipments in transit (gsi1, sparse: a delivered one leaves it) and invoices (gsi1, issued or void) too:
    // docs/data-model.md "Shipments", "Invoices".
    const [read, attachments, recentQuotes, shipmentsInTransit, recentInvoices] = await Promise.all([
      this.readCollection(customerId),
      this.readAttachments(customerId),
      this.readQuotes(customerId),
      this.readShipmentsInTransit(customerId),
      this.readInvoices(customerId),
    ]);
    return { ...read, attachments, recentQuotes, shipmentsInTransit, recentInvoices };
  }

  private async readInvoices(customerId: string) {
    const items = await this.latestOn(invoiceKeys.byCustomer, customerId, OVERVIEW_INVOICES);
    return items.map((item) => invoiceSummaryOf(invoiceEntity.fromItem(item)));
  }

  private async readShipmentsInTransit(customerId: string) {
    const items = await this.latestOn(shipmentKeys.inTransitByCustomer, customerId, OVERVIEW_SHIPMENTS);
    return items.map((item) => shipmentSummaryOf(shipmentEntity.fromItem(item)));
  }

  private async readQuotes(customerId: string) {
    const items = await this.latestOn(quoteKeys.byCustomer, customerId, OVERVIEW_QUOTES);
    return items.map((item) => quoteSummaryOf(quoteEntity.fromItem(item)));
  }

  /** The customer's latest `limit` items on one of its by-customer indexes (one Query, newest first). */
  private async latestOn(index: IndexKey<[string]>, customerId: string, limit: number): Promise<Item[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(customerId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return result.Items ?? [];
  }

  private async readAttachments(customerId: string) {
    const result = await this.client.send(new QueryCommand(liveUnderCustomerQuery(this.tableName, customerId, OVERVIEW_ATTACHMENTS)));
    return (result.Items ?? []).map((item) => attachmentEntity.fromItem(item));
  }

  private async readCollection(customerId: string): Promise<CustomerOverviewRead> {
    const wanted = CUSTOMER_RECORD_LIMITS.overviewActivities;
    const sections: Record<Section, Item[]> = { customer: [], directory: [], contacts: [], followUps: [], activities: [], recentOrders: [] };
    let startKey: Record<string, unknown> | undefined;
    let queries = 0;
    let skipped = 0;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':from': overviewKeys.range.from, ':to': overviewKeys.range.to },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: overviewKeys.limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      queries += 1;
      for (const item of result.Items ?? []) {
        const section = sectionOf(String(item.sk));
        if (section) sections[section].push(item);
        else skipped += 1;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && sections.activities.length < wanted && queries < 5);
    if (queries > 1) {
      // Never expected: some item type in the head is not bounded (or items grew past 1 MB). Still correct.
      logger.warn('customer overview needed more than one Query', { queries, skipped, activities: sections.activities.length });
    }
    const customerItem = sections.customer[0];
    return {
      customer: customerItem ? customerEntity.fromItem(customerItem) : undefined,
      head: customerHeadOf(customerItem),
      contacts: sections.contacts.map(contactEntity.fromItem),
      activities: sections.activities.slice(0, wanted).map(activityEntity.fromItem),
      followUps: sections.followUps.map(followUpEntity.fromItem),
      directory: contactDirectoryEntity.fromItem(sections.directory[0]),
      // The customer's 20 newest orders, newest first (one item the orders feature keeps in the head).
      recentOrders: recentOrdersOf(sections.recentOrders[0]),
      queries,
    };
  }
}
