import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { problemOfAwsFault } from '#shared/http/middleware';
import { problemShapeOf } from '#shared/http/problem';

/**
 * The one mapping of infrastructure faults to problems (shared/http/middleware.ts). The routes are covered end to
 * end by test/int/faults.int.test.ts; this pins the classification itself, including what must stay a 500.
 */
const $metadata = { httpStatusCode: 400 };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('problemOfAwsFault', () => {
  it.each([
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'x', $metadata })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'x', $metadata })],
    ['ThrottlingException', Object.assign(new Error('x'), { name: 'ThrottlingException', $fault: 'client', $metadata })],
    ['InternalServerError', new InternalServerError({ message: 'x', $metadata: { httpStatusCode: 500 } })],
    ['an unmodelled 503', Object.assign(new Error('x'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } })],
    ['TimeoutError', Object.assign(new Error('x'), { name: 'TimeoutError' })],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a throttled transaction item', cancelled('None', 'ThrottlingError')],
  ])('answers %s with 503 and Retry-After', (_, error) => {
    const problem = problemOfAwsFault(error);
    expect(problem?.code).toBe(ErrorCode.ServiceBusy);
    expect(problemShapeOf(problem!.code).status).toBe(503);
    expect(problem!.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(problem!.message).not.toMatch(/Exception|Error|ECONN/);
  });

  it.each([
    ['a cancelled transaction with a TransactionConflict reason', cancelled('None', 'TransactionConflict')],
    ['TransactionConflictException (a single write against an ongoing transaction)', new TransactionConflictException({ message: 'x', $metadata })],
  ])('answers %s with 409 and Retry-After', (_, error) => {
    const problem = problemOfAwsFault(error);
    expect(problem?.code).toBe(ErrorCode.ConcurrentChange);
    expect(problemShapeOf(problem!.code).status).toBe(409);
    expect(problem!.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it.each([
    ['a ValidationException (our bug: stays a 500)', Object.assign(new Error('x'), { name: 'ValidationException', $fault: 'client', $metadata })],
    ['a condition failure the repository did not map', cancelled('ConditionalCheckFailed', 'None')],
    ['a plain Error', new Error('boom')],
    ['undefined', undefined],
  ])('leaves %s unmapped', (_, error) => {
    expect(problemOfAwsFault(error)).toBeUndefined();
  });
});
