import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet, isTrue, referencedLogicalId } from '../template-values';

/** `%validator.Properties.ValidateRequestBody`, not literally true (`isTrue`), as one disjunction. */
const NOT_VALIDATING_BODY = [
  '!exists',
  'is_null',
  'is_struct',
  'is_list',
  'is_int',
  'is_float',
  '== false',
  '!= /^(?i)true$/',
]
  .map((test) => `%validator.Properties.ValidateRequestBody ${test}`)
  .join(' or ');

/**
 * Guard clauses on `%validator` (the resources whose logical id a method names): when it is a RequestValidator
 * that does not validate bodies, fail on the method's RequestValidatorId (which exists).
 */
const VALIDATES_BODY = [
  'when %validator !empty',
  "     %validator.Type == 'AWS::ApiGateway::RequestValidator'",
  `     ${NOT_VALIDATING_BODY} {`,
  '  %properties.RequestValidatorId !exists <<MESSAGE>>',
  '}',
];

/** `lines`, the first as they are and the others indented by `spaces`, to interpolate in an indented template. */
function nest(lines: readonly string[], spaces: number): string {
  return lines.map((line, i) => (i === 0 ? line : `${' '.repeat(spaces)}${line}`)).join('\n');
}

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
  guard: {
    resourceTypes: ['AWS::ApiGateway::Method'],
    scope: 'template',
    preamble: `
      let secureserverless_apirequestvalidation_all = Resources
    `,
    // The validator a method names (Ref, Fn::GetAtt as a list or as 'Id.Attribute') is looked up by logical id;
    // when it is a RequestValidator of the template that does not validate bodies, the method fails (on its own
    // RequestValidatorId, so that the finding points at the method).
    clauses: `
      when %properties.HttpMethod is_string
           %properties.HttpMethod == /^(?i)(POST|PUT|PATCH|ANY)$/ {
        %properties.RequestValidatorId exists <<MESSAGE>>
        %properties.RequestValidatorId !is_null <<MESSAGE>>
        %properties.RequestValidatorId !is_string or %properties.RequestValidatorId != '' <<MESSAGE>>
        let validator_ref = %properties.RequestValidatorId
        when %validator_ref is_struct
             %validator_ref.Ref is_string {
          let validator = %secureserverless_apirequestvalidation_all[ keys == %validator_ref.Ref ]
          ${nest(VALIDATES_BODY, 10)}
        }
        when %validator_ref is_struct
             %validator_ref.Ref !is_string
             %validator_ref.'Fn::GetAtt' is_list {
          let validator_id = %validator_ref.'Fn::GetAtt'[0]
          when %validator_id is_string {
            let validator = %secureserverless_apirequestvalidation_all[ keys == %validator_id ]
            ${nest(VALIDATES_BODY, 12)}
          }
        }
        when %validator_ref is_struct
             %validator_ref.Ref !is_string
             %validator_ref.'Fn::GetAtt' is_string {
          let validator_id = regex_replace(%validator_ref.'Fn::GetAtt', "^([^.]*)(?s:.*)$", "$1")
          let validator = %secureserverless_apirequestvalidation_all[ keys == %validator_id ]
          ${nest(VALIDATES_BODY, 10)}
        }
      }
    `,
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
