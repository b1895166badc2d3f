/**
 * Keys of the reminder index (docs/data-model.md, "Reminders and notifications"): one partition per minute,
 * `REMIND#<yyyy-mm-ddThh:mm>`, sorted by `<remindAt>#<kind>#<sourceId>`. A source has at most one pending reminder
 * per kind, and its key follows from the source's own fields, so a reschedule deletes the old one and puts the new
 * one in the same transaction without reading it.
 */
export const reminderKeys = {
  partition: (bucket: string) => `REMIND#${bucket}`,
  item: (bucket: string, remindAt: string, kind: string, sourceId: string) => ({
    pk: `REMIND#${bucket}`,
    sk: `${remindAt}#${kind}#${sourceId}`,
  }),
} as const;
