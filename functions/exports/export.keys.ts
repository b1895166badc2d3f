/** The export item (docs/data-model.md, "Exports"): one item per export, read by its id. */
export const exportKeys = {
  item: (exportId: string) => ({ pk: `EXPORT#${exportId}`, sk: 'EXPORT' }),
} as const;
