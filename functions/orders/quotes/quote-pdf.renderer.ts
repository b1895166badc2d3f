import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Quote } from './quote.schema';

/**
 * The quote as a PDF document (报价单): header, customer, lines, totals, validity and terms, in Noto Sans SC so
 * Chinese renders correctly. pdfkit embeds only the glyphs used (a subset), so a 50-line quote stays tens of KiB
 * although the font file is ~10 MiB. This module is loaded by the first PDF request only (get-quote.handler.ts): the
 * font and pdfkit never reach the function's cold start. In Lambda the font file is shipped beside the bundle
 * (lib/function-bundling.ts, `shippedFiles`) and resolved the same way as in development.
 */
export const QUOTE_PDF_FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let fontPath: string | undefined;
const fontFile = (): string =>
  (fontPath ??= (typeof require === 'function' ? require : createRequire(import.meta.url)).resolve(QUOTE_PDF_FONT));

const yuan = (fen: number): string => {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
};

const STATUS_LABELS: Record<Quote['status'], string> = { draft: '草稿 draft', sent: '已发送 sent', accepted: '已接受 accepted', rejected: '已拒绝 rejected', expired: '已过期 expired' };

/** Column layout of the lines table (x positions and widths on an A4 page with 40 pt margins). */
const COLUMNS = [
  { key: 'no', label: '#', x: 40, width: 22, align: 'left' },
  { key: 'product', label: '产品 Product', x: 62, width: 180, align: 'left' },
  { key: 'quantity', label: '数量 Qty', x: 242, width: 55, align: 'right' },
  { key: 'unitPrice', label: '单价 Price', x: 297, width: 70, align: 'right' },
  { key: 'discount', label: '折扣 Disc.', x: 367, width: 55, align: 'right' },
  { key: 'amount', label: '金额 Amount', x: 422, width: 133, align: 'right' },
] as const;

export const renderQuotePdf = (quote: Quote): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 40,
      font: fontFile(),
      compress: true,
      info: { Title: `报价单 ${quote.quoteNo}`, Subject: quote.customerName, Producer: 'CRM', CreationDate: new Date(quote.updatedAt) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.fontSize(18).text(`报价单 Quotation ${quote.quoteNo}`);
    doc.moveDown(0.5).fontSize(10);
    doc.text(`客户 Customer: ${quote.customerName}`);
    doc.text(`状态 Status: ${STATUS_LABELS[quote.status]}    币种 Currency: ${quote.currency}`);
    doc.text(`日期 Date: ${quote.createdAt.slice(0, 10)}    有效期至 Valid until: ${quote.validUntil}`);
    if (quote.deliveryAddress) doc.text(`送货地址 Delivery: ${quote.deliveryAddress}`);
    if (quote.orderNo) doc.text(`订单 Order: ${quote.orderNo}`);
    doc.moveDown();

    const row = (cells: Record<(typeof COLUMNS)[number]['key'], string>) => {
      const y = doc.y;
      let bottom = y;
      for (const column of COLUMNS) {
        doc.text(cells[column.key], column.x, y, { width: column.width, align: column.align });
        bottom = Math.max(bottom, doc.y);
      }
      doc.x = 40;
      doc.y = bottom + 2;
      if (doc.y > doc.page.height - 80) doc.addPage();
    };
    row(Object.fromEntries(COLUMNS.map((column) => [column.key, column.label])) as Record<(typeof COLUMNS)[number]['key'], string>);
    doc.moveTo(40, doc.y).lineTo(555, doc.y).stroke();
    doc.y += 4;
    for (const line of quote.lines) {
      row({
        no: String(line.lineNo),
        product: `${line.productName} (${line.productCode})`,
        quantity: `${line.quantity} ${line.unit}`,
        unitPrice: yuan(line.unitPrice.amount),
        discount: line.discountPercent ? `${line.discountPercent}%` : '',
        amount: yuan(line.amount.amount),
      });
    }
    doc.moveTo(40, doc.y).lineTo(555, doc.y).stroke();
    doc.y += 6;
    doc.text(`小计 Subtotal: ${yuan(quote.subtotal.amount)}`, 40, doc.y, { width: 515, align: 'right' });
    doc.text(`折扣 Discount: -${yuan(quote.discountTotal.amount)}`, { width: 515, align: 'right' });
    doc.fontSize(12).text(`合计 Total: ${quote.currency} ${yuan(quote.total.amount)}`, { width: 515, align: 'right' });
    doc.fontSize(10).moveDown();
    if (quote.terms) {
      doc.text('条款 Terms', 40);
      doc.text(quote.terms, { width: 515 });
    }
    doc.end();
  });
