import type { z } from 'zod';
import type { FeatureFunction, OperationIdOf } from '#shared/routes';

/**
 * The contract of one route: what the OpenAPI document (docs/openapi.json) says about it. The request schemas
 * are the very zod objects the handler passes to `validate()`; the success responses are the feature's strict
 * response schemas. Problem responses are derived from the route's kind (scripts/openapi-document.ts); a route
 * adds the problems its rules can give (`problems`). Types only: no handler imports this file.
 */
export interface SuccessResponse {
  readonly description: string;
  /** Absent for 204. */
  readonly schema?: z.ZodType;
  /** Also answered as `text/csv` when the client asks for it (`Accept`). */
  readonly csv?: boolean;
  /** Also answered as `application/pdf` when the client asks for it (`Accept`). */
  readonly pdf?: boolean;
  /** A name for the schema in `components.schemas` (PascalCase). */
  readonly name?: string;
  readonly example?: unknown;
  /** Answered with an ETag although the route's kind and path would not say so (e.g. `GET /portal/v1/me`). */
  readonly etag?: boolean;
}

export interface RouteContract {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The body may be left out (the handler reads no body as `{}`, e.g. `optionalJsonBody()`): `required: false`. */
  readonly optionalBody?: boolean;
  /** A name for the request body in `components.schemas` (PascalCase). */
  readonly bodyName?: string;
  readonly bodyExample?: unknown;
  readonly responses: Readonly<Partial<Record<200 | 201 | 202 | 204, SuccessResponse>>>;
  /** Accepts `Idempotency-Key` although it is not a create (creates always do). */
  readonly idempotencyKey?: boolean;
  /**
   * A write whose conditions travel in its body (a bulk edit: each item's version, or the version read): it takes
   * no If-Match (so no 428), and a stale item is that item's answer.
   */
  readonly conditionsInBody?: boolean;
  /** Problem statuses beyond those derived from the route's kind, e.g. 409 for a state change. */
  readonly problems?: readonly number[];
}

/** Every operation of a feature function has a contract: a route without one does not compile. */
export type FeatureContracts<F extends FeatureFunction> = Record<OperationIdOf<F>, RouteContract>;
