import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * An API that invokes its Lambda integrations through one role of its own (the integration's credentials)
 * instead of a resource-based permission on every function.
 * @internal
 */
export interface IInvocationRoute {
  /** Lets `method` invoke `handler` through the API's role. Called once per method and per test invocation. */
  invokeThrough(handler: lambda.IFunction, method: apigateway.Method): void;
}

const ROUTES = new WeakMap<apigateway.IRestApi, IInvocationRoute>();

/**
 * Registers `route` as the way `api` invokes functions that ask for it (SecureFunction does).
 * @internal
 */
export function registerInvocationRoute(api: apigateway.IRestApi, route: IInvocationRoute): void {
  ROUTES.set(api, route);
}

/**
 * The invocation route of `api`, when it has one.
 * @internal
 */
export function invocationRouteOf(api: apigateway.IRestApi): IInvocationRoute | undefined {
  return ROUTES.get(api);
}
