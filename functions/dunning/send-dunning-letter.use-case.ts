import type { Caller, LetterDependencies } from './dunning.dependencies';
import { expectVersion, moved, readVisibleLetter, staleLetter, wrongState } from './dunning-letter.rules';
import type { DunningLetter } from './dunning.schema';
import { htmlOfText } from './dunning-letter.template';

/**
 * Send an approved dunning letter through SES (`If-Match` = the letter's version).
 *
 * Primary course: the letter must be `approved`; it is claimed first (approved → sending, conditional on its version),
 * so two requests can never both send it; then one SES send (the SDK retries throttling and 5xx itself); the outcome
 * is recorded — `sent` with SES's message id, or `failed` with the error's name. A failed letter is never retried
 * into a duplicate: the sender requests a new one.
 *
 * Alternates: missing or out of scope → 404; stale → 412; awaiting approval, already sending, sent or failed → 409.
 */
export const sendDunningLetter = async (
  deps: LetterDependencies,
  request: { caller: Caller; orderId: string; letterId: string; expectedVersion: number },
): Promise<DunningLetter> => {
  const { caller } = request;
  const letter = await readVisibleLetter(deps, caller, request.orderId, request.letterId);
  expectVersion(letter, request.expectedVersion);
  if (letter.status !== 'approved') throw wrongState(letter, 'approved');
  const claimed = moved(letter, { status: 'sending' }, caller.username, deps.clock.now().toISOString());
  if (!(await deps.letters.update(letter, claimed))) throw staleLetter(letter);
  const outcome = await deps.mailer.send({
    to: letter.to,
    subject: letter.subject,
    text: letter.text,
    // As rendered at the request; a letter requested before HTML templates: its text, escaped.
    html: letter.html ?? htmlOfText(letter.text),
  });
  const at = deps.clock.now().toISOString();
  const done = moved(
    claimed,
    outcome.kind === 'sent' ? { status: 'sent', sentAt: at, messageId: outcome.messageId } : { status: 'failed', error: outcome.reason.slice(0, 200) },
    caller.username,
    at,
  );
  // Claimed by this request alone: nothing else moves a `sending` letter.
  await deps.letters.update(claimed, done);
  return done;
};

