import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { orderKeys } from '#shared/keys/orders.keys';
import type { OrderReturn, ReturnLine } from './return.schema';

/**
 * A return after delivery with its credit note (`pk = ORDER#<orderId>`, `sk = RETURN#<returnId>`), in its order's item
 * collection after the payments; immutable once written. docs/data-model.md, "Returns and credit notes".
 */
export const ORDER_RETURN_FIELDS = fieldsOf<OrderReturn>()(
  'id', 'orderId', 'orderNo', 'lines', 'restock', 'reason', 'creditNote', 'orderVersion',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const RETURN_LINE_FIELDS = fieldsOf<ReturnLine>()('lineNo', 'productId', 'productCode', 'productName', 'unit', 'quantity', 'amount');

const base = defineEntity<OrderReturn>({
  name: 'OrderReturn',
  fields: ORDER_RETURN_FIELDS,
  keyOf: (orderReturn) => orderKeys.orderReturn(orderReturn.orderId, orderReturn.id),
});

export const orderReturnEntity = {
  ...base,
  /** The declared fields, and each line's. */
  fromItem: (item: Item): OrderReturn => {
    const orderReturn = base.fromItem(item);
    return { ...orderReturn, lines: orderReturn.lines.map((line) => pickFields<ReturnLine>(line as unknown as Item, RETURN_LINE_FIELDS)) };
  },
};

/** Whether an item of the order's collection is a return. */
export const isOrderReturnItem = (item: Item): boolean => String(item.sk).startsWith(orderKeys.returnPrefix);
