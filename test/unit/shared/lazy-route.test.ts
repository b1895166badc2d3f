import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lazyRoute, type RouteHandler } from '#shared/http/feature-handler';
import type { ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';

const event = {} as ApiEvent;
const context = {} as Context;
const answer: HttpResult = { statusCode: 200, headers: {}, body: '{}' };

describe('lazyRoute: a route handler imported on the route\'s first request', () => {
  it('imports the handler module once, however many requests arrive while it loads', async () => {
    // Prepare
    const handler = vi.fn<RouteHandler>(async () => answer);
    const load = vi.fn(async () => handler);
    const route = lazyRoute(load);

    // Act
    const answers = await Promise.all([route(event, context), route(event, context), route(event, context)]);
    await route(event, context);

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledTimes(4);
    expect(answers).toEqual([answer, answer, answer]);
  });

  it('does not import anything before the first request', () => {
    // Prepare
    const load = vi.fn(async () => vi.fn<RouteHandler>(async () => answer));

    // Act
    lazyRoute(load);

    // Assess
    expect(load).not.toHaveBeenCalled();
  });

  it('answers a failed import with its error and imports again on the next request (no cached failure)', async () => {
    // Prepare
    const failure = new Error('EMFILE: too many open files');
    const handler = vi.fn<RouteHandler>(async () => answer);
    const load = vi.fn<() => Promise<RouteHandler>>().mockRejectedValueOnce(failure).mockResolvedValue(handler);
    const route = lazyRoute(load);

    // Act
    const first = route(event, context);
    await expect(first).rejects.toBe(failure);
    const second = await route(event, context);

    // Assess
    expect(second).toEqual(answer);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
