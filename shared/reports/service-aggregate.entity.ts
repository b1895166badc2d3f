import { serviceAggregateKeys } from '#shared/keys/service.keys';
import { defineAggregate } from './aggregate-entity';

/**
 * The service-analysis counts of one (creation month, type, shard) (`pk = AGG#SERVICES`): requests, per status,
 * satisfaction sum and count, reopened. Kept by the service moves (functions/services).
 */
export const serviceAggregateEntity = {
  ...defineAggregate<{ month: string; type: string; shard: number }>({
    name: 'ServiceAggregate',
    keyOf: ({ month, type, shard }) => serviceAggregateKeys.item(month, type, shard),
  }),
  partition: serviceAggregateKeys.partition,
};
