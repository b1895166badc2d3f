import type { Caller, LetterDependencies } from './dunning.dependencies';
import { visibleOrder } from './dunning.rules';
import type { DunningLetter } from './dunning.schema';

/** An order's dunning letters, oldest first: the order in scope (404 otherwise), then one Query. */
export const listDunningLetters = async (deps: LetterDependencies, request: { caller: Caller; orderId: string }): Promise<DunningLetter[]> => {
  visibleOrder(request.caller, request.orderId, await deps.dunning.order(request.orderId));
  return deps.letters.letters(request.orderId);
};
