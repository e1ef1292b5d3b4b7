import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ApplicantPrincipal, StaffPrincipal } from '../auth/principal';
import type { Access } from './access-policy';

export type HttpMethod = 'get' | 'post' | 'delete';

export interface HandlerContext<P, Q, B> {
  /** Agency staff: the only callers of staff routes (the router refuses everyone else before the handler). */
  principal: StaffPrincipal | undefined;
  /** A citizen or a channel, on routes open to applicants. */
  applicant: ApplicantPrincipal | undefined;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  req: Request;
  res: Response;
}

/** A handler returns a JSON body (and status), or undefined when it wrote the response itself. */
export type HandlerResult = { status?: number; body: unknown } | undefined;

/**
 * One route: its path and method, who may call it, its input schemas and its handler. The same
 * list drives the express router, the OpenAPI document and the authorization matrix test.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path below /api/v1, e.g. `/units/{unitNumber}`. */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  /** Also accept the bearer token as `?access_token=` (EventSource cannot send headers). */
  queryToken?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The body may also come as application/x-www-form-urlencoded (OAuth 2 token requests). */
  formBody?: true;
  /**
   * The success response: its schema (from @estate-ledger/api-schemas) is documented and every API
   * test checks real bodies against it. `verbatim`: the handler sends exact bytes (a document), so
   * warnings reach the caller only in the Warning header. `unavailable`: a 503 carries this same
   * schema (described so) instead of the error body.
   */
  response: { status: number; description: string; schema: z.ZodType; contentType?: string; verbatim?: boolean; unavailable?: string };
  handle(ctx: HandlerContext<P, Q, B>): Promise<HandlerResult>;
}

export type AnyRoute = RouteSpec<never, never, never>;

/** Keeps each route's types while storing routes in one list. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}
