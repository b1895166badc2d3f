import type { Caller, LetterDependencies } from './dunning.dependencies';
import { expectVersion, moved, readVisibleLetter, staleLetter, wrongState } from './dunning-letter.rules';
import type { DunningLetter } from './dunning.schema';

/**
 * A manager approves the first dunning letter of an order (`If-Match` = the letter's version): pending-approval →
 * approved, conditional on the version, audited. Alternates: missing → 404; stale → 412; any other state → 409.
 */
export const approveDunningLetter = async (
  deps: LetterDependencies,
  request: { caller: Caller; orderId: string; letterId: string; expectedVersion: number },
): Promise<DunningLetter> => {
  const { caller } = request;
  const letter = await readVisibleLetter(deps, caller, request.orderId, request.letterId);
  expectVersion(letter, request.expectedVersion);
  if (letter.status !== 'pending-approval') throw wrongState(letter, 'pending-approval');
  const at = deps.clock.now().toISOString();
  const next = moved(letter, { status: 'approved', approvedAt: at, approvedBy: caller.username }, caller.username, at);
  if (!(await deps.letters.update(letter, next))) throw staleLetter(letter);
  return next;
};
