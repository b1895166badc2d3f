import middy from '@middy/core';
import { fieldsHiddenFrom } from '#shared/auth/field-visibility';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { changesDependencies } from './changes.container';
import { listChangesQuery, type ChangeView, type ListChangesQuery } from './changes.schema';
import { listChanges } from './list-changes.use-case';

/** A cursor holds one feed position (`p`), signed and bound to this route and, for account managers, to the caller. */
const positionOf = (key: Record<string, string | number> | undefined): string | undefined => {
  if (key === undefined) return undefined;
  if (typeof key.p !== 'string' || key.p.length === 0) throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
  return key.p;
};

export const listChangesHandler = middy<ApiEvent<unknown, ListChangesQuery>, HttpResult>()
  .use(authorize('listChanges'))
  .use(validate({ query: listChangesQuery }))
  .handler(async (event) => {
    const { since, limit } = event.crm.query;
    const paging = pagingOf(event, {}, since);
    const page = await listChanges(changesDependencies(), {
      caller: callerOf(event),
      role: event.crm.principal.role,
      position: positionOf(paging.startKey),
      limit,
      hiddenFields: fieldsHiddenFrom(event.crm.principal.role),
    });
    const cursorAt = (position: string): string => paging.nextCursor({ p: position })!;
    const items: ChangeView[] = page.items.map(({ position, change }) => ({ cursor: cursorAt(position), ...change }));
    return ok({ items, nextCursor: cursorAt(page.position), hasMore: page.hasMore });
  });
