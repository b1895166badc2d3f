import type { RouteContract } from '#shared/http/contract';
import {
  acceptQuoteBody,
  createQuoteBody,
  customerQuotesParams,
  listCustomerQuotesQuery,
  quoteIdParams,
  quoteListSchema,
  quoteSchema,
  rejectQuoteBody,
  updateQuoteBody,
} from './quote.schema';

const quote = { description: 'The quote with its lines and totals', schema: quoteSchema, name: 'Quote' };

/** The contracts of the quote routes (served by the orders function; see shared/http/contract.ts). */
export const quotesContracts = {
  listCustomerQuotes: {
    params: customerQuotesParams,
    query: listCustomerQuotesQuery,
    responses: { 200: { description: "A page of the customer's quotes, newest first", schema: quoteListSchema, name: 'QuoteList' } },
  },
  createQuote: {
    params: customerQuotesParams,
    body: createQuoteBody,
    bodyName: 'CreateQuoteRequest',
    responses: { 201: { ...quote, description: 'The quote drawn up (a draft)' } },
    // 409: an inactive product.
    problems: [409],
  },
  getQuote: { params: quoteIdParams, responses: { 200: { ...quote, description: 'The quote with its lines and totals, or (`Accept: application/pdf`) the quote as a PDF document', pdf: true } }, problems: [406] },
  updateQuote: {
    params: quoteIdParams,
    body: updateQuoteBody,
    bodyName: 'UpdateQuoteRequest',
    responses: { 200: { ...quote, description: 'The draft as changed' } },
    // 409: not a draft any more, or an inactive product.
    problems: [409],
  },
  sendQuote: { params: quoteIdParams, responses: { 200: { ...quote, description: 'The quote, sent' } }, problems: [409] },
  acceptQuote: {
    params: quoteIdParams,
    body: acceptQuoteBody,
    bodyName: 'AcceptQuoteRequest',
    responses: { 200: { ...quote, description: 'The quote, accepted, with the order it became (`orderId`; `Location` is the order)' } },
    // 409: not sent (accepted already), expired, a product inactive or short of stock.
    problems: [409],
  },
  rejectQuote: {
    params: quoteIdParams,
    body: rejectQuoteBody,
    bodyName: 'RejectQuoteRequest',
    responses: { 200: { ...quote, description: 'The quote, rejected' } },
    problems: [409],
  },
} satisfies Record<string, RouteContract>;
