import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { logger } from '#shared/core/logger';
import { routesOf, type FeatureFunction, type OperationIdOf } from '#shared/routes';
import { problemErrorHandler, requestContext, type ApiEvent } from './middleware';
import type { HttpResult } from './responses';

export type RouteHandler = (event: ApiEvent<any, any, any>, context: Context) => Promise<HttpResult>;

/** Imports a route's handler module: `async () => (await import('./get-contact.handler')).getContactHandler`. */
export type RouteLoader = () => Promise<RouteHandler>;

/**
 * A route's handler, imported on the route's first request. esbuild keeps the module in the function's one
 * bundle but evaluates it lazily, so a cold start builds the middy chain, zod schemas and repository of the
 * route it serves and not those of the function's other routes (docs/benchmarks.md, cold start). The import
 * is memoized; a failed one is retried on the next request instead of being cached.
 */
export const lazyRoute = (load: RouteLoader): RouteHandler => {
  let loading: Promise<RouteHandler> | undefined;
  return async (event, context) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading)(event, context);
  };
};

/**
 * The Lambda entry of one feature: shared middlewares, then the router over the feature's rows of the route
 * table. The loader map is typed by the route table, so a route without a handler does not compile.
 */
export const createFeatureHandler = <F extends FeatureFunction>(
  fn: F,
  loaders: Record<OperationIdOf<F>, RouteLoader>,
) =>
  middy<ApiEvent, HttpResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(requestContext())
    .use(problemErrorHandler())
    .handler(
      httpRouterHandler({
        routes: routesOf(fn).map((route) => ({
          method: route.method,
          path: route.path,
          handler: lazyRoute(loaders[route.operationId as OperationIdOf<F>]),
        })),
        notFoundResponse: () => {
          throw new DomainError(ErrorCode.RouteNotFound, 'No such route.');
        },
      }) as unknown as (event: ApiEvent, context: Context) => Promise<HttpResult>,
    );
