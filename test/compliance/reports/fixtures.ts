import { Severity } from '../../../src/compliance/vocabulary';
import { RuleDefinition } from '../../../src/compliance/rules/rule';

/** A rule with one finding per offending variable, like LambdaPlaintextSecret. */
export const NO_SECRET_VARIABLES: RuleDefinition = {
  name: 'TestNoSecretVariables',
  title: 'Functions hold no secret-looking variables',
  explanation: 'Variables named *PASSWORD are readable by anyone who can read the function configuration.',
  severity: Severity.ERROR,
  frameworks: { owasp: ['SAS-7'], hipaa: ['164.312(a)(2)(iv)'], nist: ['SC-28'], pci: ['8.2.1'], gdpr: ['Art. 32'] },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const variables: Record<string, unknown> = resource.properties.Environment?.Variables ?? {};
    return Object.keys(variables).filter((name) => name.endsWith('PASSWORD'));
  },
};

/** A rule with a single yes/no outcome, of severity warning. */
export const TRACING: RuleDefinition = {
  name: 'TestTracing',
  title: 'Functions have active tracing',
  explanation: 'Without tracing, an incident cannot be followed across services.',
  severity: Severity.WARNING,
  frameworks: { owasp: ['SAS-5'], hipaa: ['164.312(b)'] },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    return resource.properties.TracingConfig?.Mode === 'Active' ? 'compliant' : 'non-compliant';
  },
};

/** A rule that looks at another resource of the template. */
export const ROLE_EXISTS: RuleDefinition = {
  name: 'TestRoleInTemplate',
  title: 'Functions use a role of the same template',
  explanation: 'An imported role cannot be reviewed with the function.',
  severity: Severity.WARNING,
  frameworks: { owasp: ['SAS-4'] },
  check: (resource, template) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const role = resource.properties.Role?.['Fn::GetAtt']?.[0];
    return typeof role === 'string' && template.resources.get(role)?.type === 'AWS::IAM::Role'
      ? 'compliant'
      : 'non-compliant';
  },
};

export const TEST_RULES: readonly RuleDefinition[] = [NO_SECRET_VARIABLES, TRACING, ROLE_EXISTS];

/** A small template: one function with a secret-looking variable, no tracing, a role of the template. */
export function lambdaTemplate(metadata?: Record<string, unknown>): Record<string, any> {
  return {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Environment: { Variables: { DB_PASSWORD: 'hunter2', TABLE: { Ref: 'Table' } } },
        },
        ...(metadata ? { Metadata: metadata } : {}),
      },
    },
  };
}
