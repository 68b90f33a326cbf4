import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet, isTrue, referencedLogicalId } from '../template-values';

/** Methods whose requests carry a body. `ANY` includes them. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'ANY'];

/**
 * REST API methods that take a request body validate it.
 * @internal
 */
export const ApiRequestValidation: RuleDefinition = {
  name: 'ApiRequestValidation',
  title: 'API Gateway REST API methods with a request body validate it',
  explanation:
    'Without a request validator, API Gateway passes any body to the function, so malformed or hostile event data ' +
    'reaches your code and every function has to defend against it alone. Give POST, PUT, PATCH and ANY methods a ' +
    'RequestValidatorId whose validator has ValidateRequestBody true, and a request model (JSON schema) that ' +
    'rejects unexpected fields; keep validating in the function too.',
  problem: 'The REST API method accepts a request body without validating it',
  fix:
    'Add the method to a SecureApi, which gives every method its body-validating `requestValidator`, and describe ' +
    "the body with `api.addModel` and the method's `requestModels`. On your own REST API pass `requestValidator` " +
    '(or `requestValidatorOptions: { validateRequestBody: true }`) to `addMethod` (AWS::ApiGateway::Method ' +
    'RequestValidatorId of an AWS::ApiGateway::RequestValidator with ValidateRequestBody true).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-1', 'SAS-9'],
    nist: ['SI-10'],
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::ApiGateway::Method') {
      return 'not-applicable';
    }
    const method = resource.properties.HttpMethod;
    if (typeof method !== 'string' || !BODY_METHODS.includes(method.toUpperCase())) {
      return 'not-applicable';
    }
    const validatorId = resource.properties.RequestValidatorId;
    if (!isSet(validatorId)) {
      return 'non-compliant';
    }
    // A validator of the same template must validate the body; one defined elsewhere is taken on trust.
    const logicalId = referencedLogicalId(validatorId);
    const validator = logicalId === undefined ? undefined : template.resources.get(logicalId);
    if (validator?.type === 'AWS::ApiGateway::RequestValidator' && !isTrue(validator.properties.ValidateRequestBody)) {
      return 'non-compliant';
    }
    return 'compliant';
  },
};
