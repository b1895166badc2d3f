import type { Caller } from '#shared/auth/caller';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { LetterDependencies } from './dunning.dependencies';
import { DEFAULT_LETTER_TEMPLATE, LETTER_PLACEHOLDERS, templateProblems, type LetterTemplateParts } from './dunning-letter.template';
import type { LetterTemplateInput, LetterTemplateView } from './dunning.schema';
import type { StoredLetterTemplate } from './letter-template.entity';

/** The template letters are rendered with now: the administrators' one, or the built-in one (version 0). */
export const currentLetterTemplate = async (deps: Pick<LetterDependencies, 'letters'>): Promise<LetterTemplateParts & { version: number }> =>
  (await deps.letters.template()) ?? { ...DEFAULT_LETTER_TEMPLATE, version: 0 };

const viewOf = (stored: StoredLetterTemplate | undefined): LetterTemplateView => {
  const placeholders = LETTER_PLACEHOLDERS.map((name) => `{{ ${name} }}`);
  if (!stored) return { ...DEFAULT_LETTER_TEMPLATE, placeholders, builtIn: true, version: 0 };
  const { subject, text, html, version, createdAt, createdBy, updatedAt, updatedBy } = stored;
  return { subject, text, html, placeholders, builtIn: false, version, createdAt, createdBy, updatedAt, updatedBy };
};

/**
 * Read the dunning letter template (administrators and sales managers).
 *
 * Primary course: one consistent GetItem; absent → the built-in template at version 0 (`builtIn: true`), so the
 * first replacement sends `If-Match: "0"`. The answer lists the placeholders a template may use.
 */
export const getLetterTemplate = async (deps: Pick<LetterDependencies, 'letters'>): Promise<LetterTemplateView> => viewOf(await deps.letters.template());

/**
 * Replace the dunning letter template (administrators; If-Match required).
 *
 * Primary course:
 * 1. The stored template (or the built-in one, version 0) must be at the caller's If-Match version.
 * 2. Each part is checked (dunning-letter.template.ts): Liquid syntax, only the known placeholders (an unknown one is
 *    named), no CR/LF in the subject, and a trial render with sample values.
 * 3. The template (version + 1) and its audit entry (the parts that changed) are written in one transaction,
 *    conditional on the version read. Letters requested from now on are rendered with it; letters already
 *    requested keep what they rendered (the approval shows exactly what will be sent).
 *
 * Alternates: another version → 412 VersionConflict; a part that fails its check → 400 ValidationFailed with one
 * error per part (`body.subject` …); nothing is written in either.
 */
export const replaceLetterTemplate = async (
  deps: LetterDependencies,
  request: { caller: Caller; input: LetterTemplateInput; expectedVersion: number },
): Promise<LetterTemplateView> => {
  const { caller, input, expectedVersion } = request;
  const stored = await deps.letters.template();
  const currentVersion = stored?.version ?? 0;
  const stale = () => new DomainError(ErrorCode.VersionConflict, `The letter template has changed since you read it (now version ${currentVersion}); read it again.`);
  if (currentVersion !== expectedVersion) throw stale();
  const errors = templateProblems(input);
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

  const at = deps.clock.now().toISOString();
  const current = stored ?? DEFAULT_LETTER_TEMPLATE;
  const next: StoredLetterTemplate = {
    subject: input.subject,
    text: input.text,
    html: input.html,
    version: currentVersion + 1,
    createdAt: stored?.createdAt ?? at,
    createdBy: stored?.createdBy ?? caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const partsOf = (template: LetterTemplateParts) => ({ subject: template.subject, text: template.text, html: template.html });
  const written = await deps.letters.replaceTemplate(next, expectedVersion, {
    at,
    actor: caller.username,
    action: stored ? 'update' : 'create',
    entityType: 'dunning-letter-template',
    entityId: 'current',
    entityVersion: next.version,
    changes: changesBetween(partsOf(current), partsOf(next)),
  });
  if (!written) throw stale();
  return viewOf(next);
};
