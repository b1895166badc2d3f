import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { defineAggregate } from './aggregate-entity';

/**
 * The sales-funnel figures of one (status, shard) (`pk = AGG#PIPELINE`): `count` and the estimated amount per
 * currency. Kept by the opportunity writes (functions/opportunities).
 */
export const pipelineFiguresEntity = {
  ...defineAggregate<{ status: string; shard: number }>({
    name: 'PipelineFigures',
    keyOf: ({ status, shard }) => opportunityKeys.pipeline(status, shard),
    // The shard is in the key only.
    stored: ({ status }) => ({ status }),
  }),
  partition: opportunityKeys.pipelinePk,
};
