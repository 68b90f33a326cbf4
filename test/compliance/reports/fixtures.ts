import { join } from 'path';
import type { AuditTarget } from '../../../src/compliance/cloud-assembly';
import { RuleDefinition } from '../../../src/compliance/rules/rule';
import { Severity } from '../../../src/compliance/vocabulary';

/** A rule with one finding per offending variable, like LambdaPlaintextSecret. */
export const NO_SECRET_VARIABLES: RuleDefinition = {
  name: 'TestNoSecretVariables',
  title: 'Functions hold no secret-looking variables',
  explanation: 'Variables named *PASSWORD are readable by anyone who can read the function configuration.',
  problem: 'The function has an environment variable that looks like a secret',
  fix: 'Read the secret from Secrets Manager at run time (Environment.Variables holds its ARN only)',
  severity: Severity.ERROR,
  frameworks: { owasp: ['SAS-7'], hipaa: ['164.312(a)(2)(iv)'], nist: ['SC-28'], pci: ['8.2.1'], gdpr: ['Art. 32'] },
  guard: { unsupported: 'a test rule' },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const variables: Record<string, unknown> = resource.properties.Environment?.Variables ?? {};
    return Object.keys(variables).filter((name) => name.endsWith('PASSWORD'));
  },
};

/** A rule with a single yes/no outcome, of severity warning, equivalent to a (made-up) control. */
export const TRACING: RuleDefinition = {
  name: 'TestTracing',
  title: 'Functions have active tracing',
  explanation: 'Without tracing, an incident cannot be followed across services.',
  problem: 'The function has no active tracing',
  fix: 'Set tracing: Tracing.ACTIVE (TracingConfig.Mode: Active)',
  control: 'TestTracingControl',
  severity: Severity.WARNING,
  frameworks: { owasp: ['SAS-5'], hipaa: ['164.312(b)'] },
  guard: { unsupported: 'a test rule' },
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
  problem: "The function's role is not in the template",
  fix: 'Define the role in the same stack as the function',
  severity: Severity.WARNING,
  frameworks: { owasp: ['SAS-4'] },
  guard: { unsupported: 'a test rule' },
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

/** The directory template paths are relative to in the tests. */
export const CWD = process.cwd();

/** The template path, relative to {@link CWD}, of a stack's template in `cdk.out`. */
export function templatePathOf(stack: string): string {
  return `cdk.out/${stack}.template.json`;
}

/** One stack template to check, as `loadTargets` returns it: by default no construct paths, lines nor decisions. */
export function auditTarget(
  template: unknown,
  options: {
    readonly stack?: string;
    readonly constructPaths?: Record<string, string>;
    readonly lines?: Record<string, number>;
  } = {},
): AuditTarget {
  const stack = options.stack ?? 'MyStack';
  return {
    stack,
    file: join(CWD, 'cdk.out', `${stack}.template.json`),
    template,
    lineOf: (logicalId) => options.lines?.[logicalId],
    constructPaths: new Map(Object.entries(options.constructPaths ?? {})),
    decisions: [],
    metadata: new Map(),
  };
}
