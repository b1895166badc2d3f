import * as z from 'zod';
import { MAX_PAYMENT_TERMS_DAYS } from './dunning';

/** Payment terms (账期) in whole days after the order date: a customer's default and an order's own. */
export const paymentTermsDaysSchema = z
  .number()
  .int('A whole number of days.')
  .min(0, 'At least 0 days.')
  .max(MAX_PAYMENT_TERMS_DAYS, `At most ${MAX_PAYMENT_TERMS_DAYS} days.`);
