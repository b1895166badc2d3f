import type { UserDirectory } from './user-directory';

/**
 * The name a record or an answer shows for a user: always the user directory's, never a token claim (an ID token
 * carries `name`, an access token does not, and both are accepted). Names are cached per directory instance, so
 * per container: a burst of creates costs one look-up. Only names are cached; checks of `enabled` or roles call
 * `findUser` directly. A rename shows here within NAME_TTL_MS.
 */
export const NAME_TTL_MS = 5 * 60_000;
const MAX_NAMES = 1_000;

interface Entry {
  readonly name: Promise<string>;
  readonly expiresAt: number;
}

const caches = new WeakMap<UserDirectory, Map<string, Entry>>();

/** The directory's display name of `username`; the username itself when the directory has no such user. */
export const displayNameOf = (directory: UserDirectory, username: string): Promise<string> => {
  let cache = caches.get(directory);
  if (!cache) caches.set(directory, (cache = new Map()));
  const now = Date.now();
  const cached = cache.get(username);
  if (cached && cached.expiresAt > now) return cached.name;
  cache.delete(username);
  if (cache.size >= MAX_NAMES) cache.delete(cache.keys().next().value!);
  const name = directory.findUser(username).then((user) => user?.name || username);
  const entry: Entry = { name, expiresAt: now + NAME_TTL_MS };
  cache.set(username, entry);
  // A failed look-up is not remembered: the next request asks again.
  name.catch(() => {
    if (cache.get(username) === entry) cache.delete(username);
  });
  return name;
};
