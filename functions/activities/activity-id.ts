import { ulid } from 'ulid';

/**
 * Activity ids are ULIDs whose time part is the activity's `occurredAt` (not the moment it was recorded): the
 * sort key `ACTIVITY#<id>` then orders the customer's timeline by when things happened, and a date range is a
 * key condition. The 80 random bits keep ids unique among activities of the same millisecond.
 */
export interface ActivityIdGenerator {
  at(occurredAtMs: number): string;
}

export const activityIdGenerator = (random?: () => number): ActivityIdGenerator => ({
  at: (occurredAtMs) => (random ? ulid(occurredAtMs, random) : ulid(occurredAtMs)),
});
