// What the API handlers share: the event fields they read and JSON responses.

export interface ApiEvent {
  readonly body?: string | null;
  readonly pathParameters?: { readonly [name: string]: string | undefined } | null;
  /** The Cognito authorizer puts the verified token's claims here. */
  readonly requestContext: { readonly authorizer?: { readonly claims?: { readonly sub?: string } } | null };
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
  const sub = event.requestContext.authorizer?.claims?.sub;
  if (!sub) {
    throw new Error('no Cognito subject: the method must use the Cognito authorizer');
  }
  return sub;
}
