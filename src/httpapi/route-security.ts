import { Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { CONTROL_RULES } from '../core/controls';
import { formatSecureConfigMessage, SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, OptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';

/**
 * Authorization of a SecureHttpApi's routes: a route without authorization (`NONE`) fails synth unless
 * `allowUnauthenticated` recorded why.
 * @internal
 */
export class RouteSecurity {
  private readonly unauthenticated = new Set<apigatewayv2.HttpRoute>();

  /**
   * @param api the SecureHttpApi, which errors name
   * @param httpApi its HTTP API, whose routes are checked
   */
  constructor(
    private readonly api: Construct,
    private readonly httpApi: apigatewayv2.HttpApi,
  ) {}

  /** Records `optOut` for `route`, which must be an unauthorized route of this API. */
  public allowUnauthenticated(route: apigatewayv2.HttpRoute, optOut: OptOut): void {
    if (!(route instanceof apigatewayv2.HttpRoute) || !this.routes().includes(route)) {
      throw new SecureConfigError(this.api, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'allowUnauthenticated.route',
        problem: `${route?.node?.path ?? String(route)} is not a route of this API, so the opt-out would apply to nothing here`,
        fix: `pass a route that ${propRef('api.addRoutes')} returned, or call ${propRef('allowUnauthenticated')} on the API the route belongs to`,
      });
    }
    const authorizationType = authorizationTypeOf(route);
    if (authorizationType !== 'NONE') {
      throw new SecureConfigError(route, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'authorizer',
        problem: `the route is authorized with ${authorizationType}, so ${propRef('allowUnauthenticated')} would record an exception that does not exist`,
        fix: `remove the ${propRef('allowUnauthenticated')} call, or add the route with ${propRef('authorizer')}: new HttpNoneAuthorizer() if it must be public`,
      });
    }
    applyOptOut(route, 'allowUnauthenticated', optOut, CONTROL_RULES.httpApiRouteAuthorization);
    // aws-cdk-lib gives every route the API's default scopes, a public one too, and API Gateway refuses a route
    // with scopes and AuthorizationType NONE ("Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT
    // authorization types"): the public route gets none.
    cfnRoute(route).authorizationScopes = undefined;
    this.unauthenticated.add(route);
  }

  /** Routes without authorization that were not opted out. */
  public unauthorizedRouteErrors(): string[] {
    return this.routes()
      .filter((route) => !this.unauthenticated.has(route) && authorizationTypeOf(route) === 'NONE')
      .map((route) =>
        formatSecureConfigMessage(route, {
          code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
          prop: 'authorizer',
          problem: `${routeKeyOf(route)} has no authorization, so anyone who can reach the API can call it`,
          fix: `remove ${propRef('authorizer')}: HttpNoneAuthorizer to use the API's ${propRef('defaultAuthorizer')}, or call ${propRef('api.allowUnauthenticated')}(route, ${propRef('{ reason }')}) for a deliberately public route`,
        }),
      );
  }

  private routes(): apigatewayv2.HttpRoute[] {
    return this.httpApi.node.findAll().filter((c): c is apigatewayv2.HttpRoute => c instanceof apigatewayv2.HttpRoute);
  }
}

function cfnRoute(route: apigatewayv2.HttpRoute): apigatewayv2.CfnRoute {
  return route.node.defaultChild as apigatewayv2.CfnRoute;
}

function authorizationTypeOf(route: apigatewayv2.HttpRoute): string {
  return (Stack.of(route).resolve(cfnRoute(route).authorizationType) as string | undefined) ?? 'NONE';
}

function routeKeyOf(route: apigatewayv2.HttpRoute): string {
  return String(Stack.of(route).resolve(cfnRoute(route).routeKey));
}
