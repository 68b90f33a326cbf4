// What the API handlers share: the event fields they read and JSON responses.

export interface ApiEvent {
  readonly body?: string | null;
  readonly pathParameters?: { readonly [name: string]: string | undefined } | null;
  /**
   * The verified token's claims: where the REST API's Cognito authorizer puts them (`claims`), or the HTTP API's
   * JWT authorizer (`jwt.claims`).
   */
  readonly requestContext: {
    readonly authorizer?: {
      readonly claims?: { readonly sub?: string };
      readonly jwt?: { readonly claims?: { readonly sub?: string } };
    } | null;
  };
}

export interface ApiResult {
  readonly statusCode: number;
  readonly body: string;
}

export function json(statusCode: number, body: unknown): ApiResult {
  return { statusCode, body: JSON.stringify(body) };
}

/** The signed-in customer: the `sub` claim of the Cognito token API Gateway verified. */
export function customerOf(event: ApiEvent): string {
  const authorizer = event.requestContext.authorizer;
  const sub = authorizer?.claims?.sub ?? authorizer?.jwt?.claims?.sub;
  if (!sub) {
    throw new Error('no Cognito subject: the route must use the Cognito (JWT) authorizer');
  }
  return sub;
}
