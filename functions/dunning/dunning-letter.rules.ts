import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, LetterDependencies } from './dunning.dependencies';
import type { DunningLetter, LetterStatus } from './dunning.schema';

export const letterNotFound = (letterId: string): DomainError =>
  new DomainError(ErrorCode.DunningLetterNotFound, `Dunning letter ${letterId} does not exist.`);

/** The letter if the caller may see its order (as the order routes judge it); else 404. */
export const readVisibleLetter = async (deps: LetterDependencies, caller: Caller, orderId: string, letterId: string): Promise<DunningLetter> => {
  const order = await deps.dunning.order(orderId);
  if (!order || (caller.scope === 'own' && order.ownerId !== caller.username)) throw letterNotFound(letterId);
  const letter = await deps.letters.letter(orderId, letterId);
  if (!letter) throw letterNotFound(letterId);
  return letter;
};

/** If-Match: the letter as the caller last read it. */
export const expectVersion = (letter: DunningLetter, expectedVersion: number): void => {
  if (letter.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Dunning letter ${letter.id} has changed since you read it (now version ${letter.version}); read it again.`);
  }
};

export const wrongState = (letter: DunningLetter, expected: LetterStatus): DomainError =>
  new DomainError(ErrorCode.InvalidTransition, `Dunning letter ${letter.id} is ${letter.status}, not ${expected}.`);

/** The next version of a letter, stamped. */
export const moved = (letter: DunningLetter, changes: Partial<DunningLetter>, by: string, at: string): DunningLetter => ({
  ...letter,
  ...changes,
  version: letter.version + 1,
  updatedAt: at,
  updatedBy: by,
});

export const staleLetter = (letter: DunningLetter): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Dunning letter ${letter.id} changed meanwhile; read it again.`);
