import middy from '@middy/core';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { binary, ok, type HttpResult } from '#shared/http/responses';
import { getQuote } from './get-quote.use-case';
import { quotesDependencies } from './quotes.container';
import { quoteIdParams } from './quote.schema';

/**
 * `Accept` negotiation (weights by `q`, RFC 9110; on a tie the earlier wins): JSON unless the client prefers
 * `application/pdf`; a header that accepts neither → 406, before any read.
 */
export const quoteFormatOf = (accept: string | undefined): 'json' | 'pdf' => {
  if (!accept || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { type, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { type } of ranges) {
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
    if (type === 'application/pdf') return 'pdf';
  }
  throw new DomainError(ErrorCode.NotAcceptable, 'A quote is available as application/json or application/pdf.');
};

export const getQuoteHandler = middy<ApiEvent<unknown, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('getQuote'))
  .use({ before: (request) => void quoteFormatOf(request.event.headers?.accept) })
  .use(validate({ params: quoteIdParams }))
  .handler(async (event) => {
    const quote = await getQuote(quotesDependencies(), { caller: callerOf(event), quoteId: event.crm.params.quoteId });
    if (quoteFormatOf(event.headers?.accept) === 'json') return ok(quote, { version: quote.version });
    // The PDF renderer (pdfkit and the CJK font) is its own chunk, loaded by the first PDF request only.
    const { renderQuotePdf } = await import('./quote-pdf.renderer');
    const pdf = await renderQuotePdf(quote);
    return binary(pdf, { contentType: 'application/pdf', filename: `${quote.quoteNo}.pdf`, version: quote.version });
  });
