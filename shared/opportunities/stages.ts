import { DomainError, ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import type { Opportunity } from './opportunity.model';

// The stage move a write records is derived beside its entity (shared/opportunities/stage-move.entity.ts).
export { stageMoveOf } from './stage-move.entity';

/**
 * Sales stages (销售阶段, issue 20): the opportunity-stages dictionary list, each entry with its default
 * probability. `won` and `lost` are the closing outcomes of the opportunity's life cycle: an opportunity reaches
 * them only by being won or lost (with 100 % and 0 %), never by an edit.
 */
export const WON_STAGE = 'won';
export const LOST_STAGE = 'lost';
export const CLOSING_STAGES: readonly string[] = [WON_STAGE, LOST_STAGE];

/** One stage as the use cases see it. */
export interface Stage {
  readonly code: string;
  readonly active: boolean;
  readonly probability?: number | undefined;
}

/** The stage list (the dictionary's current opportunity-stages), in display order. */
export interface StageCatalog {
  stages(): Promise<readonly Stage[]>;
}

/** The built-in list, as a catalog (tests, the bench). */
export const builtInStages: StageCatalog = { stages: async () => DEFAULT_DICTIONARY['opportunity-stages'] };

const invalidStage = (path: string, message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors: [{ path, message }] });

/** The stage a new opportunity starts in: the first active open stage of the list. */
export const initialStageOf = (stages: readonly Stage[]): Stage => {
  const first = stages.find((stage) => stage.active && !CLOSING_STAGES.includes(stage.code));
  if (!first) throw invalidStage('body.stage', 'The opportunity-stages list has no active open stage.');
  return first;
};

/**
 * The stage `code` as an edit or a create may set it: an open stage of the list (the handler has already checked
 * that it is an active code). A closing stage → 400: win or lose the opportunity instead.
 */
export const openStageOf = (stages: readonly Stage[], code: string): Stage => {
  if (CLOSING_STAGES.includes(code)) {
    throw invalidStage('body.stage', `Stage ${code} is reached by winning or losing the opportunity (POST …/win, …/lose).`);
  }
  const stage = stages.find((entry) => entry.code === code);
  if (!stage) throw invalidStage('body.stage', `No stage ${code} in the opportunity-stages list.`);
  return stage;
};

/** A stage's default probability (0 when the list does not give one). */
export const defaultProbabilityOf = (stage: Stage): number => stage.probability ?? 0;

/**
 * The stage and probability after an edit: a stage move takes the new stage's default probability unless the edit
 * gives one; a probability alone overrides it in the current stage.
 */
export const stageChangesOf = (
  stages: readonly Stage[],
  current: Pick<Opportunity, 'stage' | 'probability'>,
  input: { stage?: string | undefined; probability?: number | undefined },
): { stage?: string; probability?: number } => {
  const moved = input.stage !== undefined && input.stage !== current.stage;
  if (!moved) return input.probability === undefined ? {} : { probability: input.probability };
  const stage = openStageOf(stages, input.stage as string);
  return { stage: stage.code, probability: input.probability ?? defaultProbabilityOf(stage) };
};
