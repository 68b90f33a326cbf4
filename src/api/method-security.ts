import { IAspect } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { CONTROL_RULES } from '../core/controls';
import { formatSecureConfigMessage, SecureConfigError, SecureErrorCode } from '../core/errors';
import { acknowledgeException, applyOptOut, OptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';

/**
 * What every method of a SecureApi gets: authorization (methods without it fail synth unless opted out with
 * `allowUnauthenticated`; CORS preflight methods are exempt), the API's request validator, the invoke role as
 * the credentials of Lambda integrations that invoke through it, and the AwsSolutions-COG4 acknowledgment
 * once a method that rule flags exists. An aspect of the REST API: aws-cdk-lib ignores `requestValidator` in
 * default method options, so each method is completed at synth.
 * @internal
 */
export class MethodSecurity implements IAspect {
  private cognitoOnlyRuleAcknowledged = false;
  private readonly unauthenticated = new Set<apigateway.Method>();

  /**
   * @param api the SecureApi, which errors name
   * @param restApi its REST API
   * @param validator the request validator every method uses
   * @param authorizationType the API's default authorization, for the COG4 acknowledgment's reason
   * @param invokeRoleOf the role a method's Lambda integration invokes through, if any
   */
  constructor(
    private readonly api: Construct,
    private readonly restApi: apigateway.RestApi,
    private readonly validator: apigateway.IRequestValidator,
    private readonly authorizationType: apigateway.AuthorizationType,
    private readonly invokeRoleOf: (method: apigateway.Method) => iam.IRole | undefined,
  ) {}

  /** Records `optOut` for `method`, which must be an unauthorized method of this API. */
  public allowUnauthenticated(method: apigateway.Method, optOut: OptOut): void {
    if (!(method instanceof apigateway.Method) || method.api !== this.restApi) {
      throw new SecureConfigError(this.api, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'allowUnauthenticated.method',
        problem: `${method?.node?.path ?? String(method)} is not a method of this API, so the opt-out would apply to nothing here`,
        fix: `pass a method added under ${propRef('api.root')}, or call ${propRef('allowUnauthenticated')} on the API the method belongs to`,
      });
    }
    const authorizationType = authorizationTypeOf(method);
    if (authorizationType !== undefined && authorizationType !== apigateway.AuthorizationType.NONE) {
      throw new SecureConfigError(method, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'authorizationType',
        problem: `the method is authorized with ${authorizationType}, so ${propRef('allowUnauthenticated')} would record an exception that does not exist`,
        fix: `remove the ${propRef('allowUnauthenticated')} call, or add the method with ${propRef('authorizationType')}: AuthorizationType.NONE if it must be public`,
      });
    }
    applyOptOut(method, 'allowUnauthenticated', optOut, CONTROL_RULES.apiMethodAuthorization);
    this.unauthenticated.add(method);
  }

  /** At synth, on every method of the API. */
  public visit(node: IConstruct): void {
    if (!(node instanceof apigateway.Method)) {
      return;
    }
    const cfn = node.node.defaultChild as apigateway.CfnMethod;
    if (!isCorsPreflight(node)) {
      cfn.requestValidatorId ??= this.validator.requestValidatorId;
    }
    const role = this.invokeRoleOf(node);
    if (role) {
      cfn.integration = { ...(cfn.integration as apigateway.CfnMethod.IntegrationProperty), credentials: role.roleArn };
    }
    this.acknowledgeCognitoOnlyRule(node);
  }

  /** Methods without authorization that were not opted out; CORS preflight methods are exempt. */
  public unauthorizedMethodErrors(): string[] {
    return this.restApi.methods
      .filter((method) => !this.unauthenticated.has(method) && !isCorsPreflight(method))
      .filter((method) => {
        const type = authorizationTypeOf(method);
        return type === undefined || type === apigateway.AuthorizationType.NONE;
      })
      .map((method) =>
        formatSecureConfigMessage(method, {
          code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
          prop: 'authorizationType',
          problem: `${method.httpMethod} ${method.resource.path} has no authorization, so anyone who can reach the API can call it`,
          fix: `remove ${propRef('authorizationType')}: NONE to use the API's authorizer, or call ${propRef('api.allowUnauthenticated')}(method, ${propRef('{ reason }')}) for a deliberately public method`,
        }),
      );
  }

  /**
   * AwsSolutions-COG4 accepts only Cognito user pool authorizers: acknowledged on the API, at synth, once a
   * method it flags exists that no opt-out of its own covers (an IAM- or Lambda-authorized method), so that the
   * exception is never recorded where it excuses nothing.
   */
  private acknowledgeCognitoOnlyRule(method: apigateway.Method): void {
    const flagged =
      method.httpMethod !== 'OPTIONS' && // the rule skips every OPTIONS method
      authorizationTypeOf(method) !== apigateway.AuthorizationType.COGNITO &&
      !this.unauthenticated.has(method); // its own opt-out covers it
    if (this.cognitoOnlyRuleAcknowledged || !flagged) {
      return;
    }
    this.cognitoOnlyRuleAcknowledged = true;
    acknowledgeException(
      this.restApi,
      ['AwsSolutions-COG4'],
      `Every method is authorized with ${this.authorizationType === apigateway.AuthorizationType.IAM ? 'AWS IAM (SigV4-signed requests)' : 'a Lambda authorizer'}; AwsSolutions-COG4 accepts only Cognito user pool authorizers.`,
    );
  }
}

function authorizationTypeOf(method: apigateway.Method): string | undefined {
  return (method.node.defaultChild as apigateway.CfnMethod).authorizationType;
}

/** An OPTIONS method with a mock integration: what `addCorsPreflight` creates. */
function isCorsPreflight(method: apigateway.Method): boolean {
  if (method.httpMethod !== 'OPTIONS') {
    return false; // decided without resolving the integration
  }
  const cfn = method.node.defaultChild as apigateway.CfnMethod;
  const integration = method.stack.resolve(cfn.integration) as { type?: string } | undefined;
  return integration?.type === 'MOCK';
}
