import * as z from 'zod';

/** The mail settings of the letter routes, parsed once (the sender identity and configuration set of lib/constructs/mail.ts). */
const schema = z.object({
  AWS_REGION: z.string().min(1),
  SES_ENDPOINT: z.url().optional(),
  MAIL_FROM: z.email(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

let parsed: z.infer<typeof schema> | undefined;
export const loadLetterMailConfig = (): z.infer<typeof schema> => (parsed ??= schema.parse(process.env));
