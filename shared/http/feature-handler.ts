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

/**
 * The Lambda entry of one feature: shared middlewares, then the router over the feature's rows of the route
 * table. The handler map is typed by the route table, so a route without a handler does not compile.
 */
export const createFeatureHandler = <F extends FeatureFunction>(
  fn: F,
  handlers: Record<OperationIdOf<F>, RouteHandler>,
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
          handler: handlers[route.operationId as OperationIdOf<F>],
        })),
        notFoundResponse: () => {
          throw new DomainError(ErrorCode.RouteNotFound, 'No such route.');
        },
      }) as unknown as (event: ApiEvent, context: Context) => Promise<HttpResult>,
    );
