/**
 * The customer's contact directory: every contact ever added, by id, with its current name and when it was
 * removed. Read together with an activity, it names the activity's contact — or says it was removed. Its item is
 * declared in ./contact-directory.entity.ts.
 *
 * Here rather than in the contacts feature so that activities and the 360 view can read the directory without
 * importing the contacts feature (and with it the contacts schema module, zod schemas built at cold start).
 */
export interface ContactDirectoryEntry {
  readonly name: string;
  readonly removedAt?: string;
}
export type ContactDirectory = Readonly<Record<string, ContactDirectoryEntry>>;
