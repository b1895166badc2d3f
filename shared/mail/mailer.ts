/** One outgoing mail: a header-safe subject, the text part and the HTML part (already escaped by its author). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (a campaign's List-Unsubscribe, List-Unsubscribe-Post): header-safe values, set by their author. */
  headers?: readonly { name: string; value: string }[] | undefined;
  /** SES message tags (letters, digits, _ - . @): returned on the configuration set's bounce and complaint events. */
  tags?: readonly { name: string; value: string }[] | undefined;
}

/** The outcome of one send: `refused` when the mail service answered no after its retries (never "maybe"). */
export type SendOutcome = { kind: 'sent'; messageId: string } | { kind: 'refused'; reason: string };

/** The port every sender of mail (the reminder job, dunning letters) depends on; `ses-mailer.ts` is the one adapter. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
}
