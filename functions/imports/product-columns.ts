import type { ColumnSpec } from './import-columns';

/**
 * The product columns an import file may have (docs/import.md). Prices in yuan as a spreadsheet shows them
 * (`1,200.50`), stored in fen; the category by its code or label in the `product-category` list.
 */
export const PRODUCT_COLUMNS: readonly ColumnSpec[] = [
  { field: 'code', names: ['产品编号', '产品编码', '编号', 'product code'], kind: 'text' },
  { field: 'name', names: ['产品名称', '名称', 'product name'], kind: 'text' },
  { field: 'model', names: ['型号', '规格型号'], kind: 'text' },
  { field: 'unit', names: ['单位', '计量单位'], kind: 'text' },
  { field: 'unitPrice', names: ['单价', '价格', 'unit price'], kind: 'money' },
  { field: 'location', names: ['库位', '仓库', '存放位置'], kind: 'text' },
  { field: 'active', names: ['启用', '在售'], kind: 'boolean' },
  { field: 'description', names: ['描述', '产品描述', '说明'], kind: 'text' },
  { field: 'category', names: ['类别', '产品类别', '分类'], kind: 'code', dictionary: 'product-category' },
  { field: 'costPrice', names: ['成本价', '成本', 'cost price'], kind: 'money' },
  { field: 'reorderLevel', names: ['补货点', '最低库存', 'reorder level'], kind: 'integer' },
  { field: 'stockOnHand', names: ['库存', '库存数量', '期初库存', 'stock on hand', 'opening stock'], kind: 'integer' },
];

export const PRODUCT_REQUIRED_COLUMNS = ['code', 'name', 'unit', 'unitPrice'] as const;
