/** One outgoing mail: a header-safe subject, the text part and the HTML part (already escaped by its author). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The outcome of one send: `refused` when the mail service answered no after its retries (never "maybe"). */
export type SendOutcome = { kind: 'sent'; messageId: string } | { kind: 'refused'; reason: string };

/** The port every sender of mail (the reminder job, dunning letters) depends on; `ses-mailer.ts` is the one adapter. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
}
