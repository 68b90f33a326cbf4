import { FrameworkMapping, TemplateResource } from './rule';
import { asArray, isObject, literalStrings } from './template-values';

/**
 * Reading IAM policy documents of a resolved template, for the IAM and KMS rules.
 */

/** One statement of a policy document, as the template holds it. */
export interface PolicyStatementJson {
  readonly Sid?: unknown;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** Resource types whose `PolicyDocument` property is an identity-based policy. */
const POLICY_TYPES = [
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
];

/** Resource types whose `Policies` property lists inline identity-based policies. */
const INLINE_POLICY_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/**
 * Every resource type that carries identity-based policies (`identityStatementsOf`), for the rules' Guard twins.
 * @internal
 */
export const IDENTITY_POLICY_TYPES: readonly string[] = [...POLICY_TYPES, ...INLINE_POLICY_TYPES];

/**
 * Guard clauses, for a twin's `clauses`, that run `clauses` on each identity-based policy statement of the resource
 * that matches the Guard filter `filter` (one clause per line), as `identityStatementsOf` finds them: those of
 * `PolicyDocument` and those of each inline policy in `Policies`.
 * @internal
 */
export function guardIdentityStatements(filter: string, clauses: string): string {
  const block = (statements: string) =>
    [`  ${statements}[`, ...lines(filter, 4), '  ] {', ...lines(clauses, 4), '  }'].join('\n');
  return [
    'when %properties.PolicyDocument.Statement exists {',
    '  let statements = %properties.PolicyDocument.Statement[*]',
    block('%statements'),
    '}',
    'when %properties.Policies exists {',
    '  let policies = %properties.Policies[*]',
    '  let documents = %policies[ PolicyDocument.Statement exists ]',
    '  let inline = %documents.PolicyDocument.Statement[*]',
    block('%inline'),
    '}',
  ].join('\n');
}

/** The non-blank lines of `text`, without their common indentation, indented by `spaces`. */
function lines(text: string, spaces: number): string[] {
  const kept = text.split('\n').filter((line) => line.trim() !== '');
  const common = Math.min(...kept.map((line) => line.length - line.trimStart().length));
  return kept.map((line) => `${' '.repeat(spaces)}${line.slice(common)}`);
}

/**
 * The identity-based policy statements a resource carries, or `undefined` when the resource carries none by
 * its type (a role's trust policy is not one: it says who may assume the role, not what the role may do).
 */
export function identityStatementsOf(resource: TemplateResource): PolicyStatementJson[] | undefined {
  if (POLICY_TYPES.includes(resource.type)) {
    return statementsOf(resource.properties.PolicyDocument);
  }
  if (INLINE_POLICY_TYPES.includes(resource.type)) {
    return asArray(resource.properties.Policies).flatMap((policy) =>
      isObject(policy) ? statementsOf(policy.PolicyDocument) : [],
    );
  }
  return undefined;
}

/** The statements of a policy document; nothing when the document is not a literal object. */
export function statementsOf(document: unknown): PolicyStatementJson[] {
  if (!isObject(document)) {
    return [];
  }
  return asArray(document.Statement).filter(isObject) as PolicyStatementJson[];
}

/** True for an `Allow` statement. */
export function isAllow(statement: PolicyStatementJson): boolean {
  return statement.Effect === 'Allow';
}

/** True for a `Deny` statement. */
export function isDeny(statement: PolicyStatementJson): boolean {
  return statement.Effect === 'Deny';
}

/** The literal actions of `Action`. */
export function actionsOf(statement: PolicyStatementJson): string[] {
  return literalStrings(statement.Action);
}

/** True when the statement lists actions in `NotAction`: it then applies to every action but those. */
export function hasNotAction(statement: PolicyStatementJson): boolean {
  return asArray(statement.NotAction).length > 0;
}

/**
 * True when the statement applies to every resource: `Resource: "*"`, or a `NotResource` (every resource but
 * those listed).
 */
export function appliesToAllResources(statement: PolicyStatementJson): boolean {
  return literalStrings(statement.Resource).includes('*') || asArray(statement.NotResource).length > 0;
}

/** True when the IAM action pattern (`*`, `s3:*`, `kms:Create*`, `kms:CreateGrant`) covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    'i',
  );
  return regex.test(action);
}

/** True when the principal is everyone: `"*"`, `{ "AWS": "*" }` or `{ "AWS": ["*"] }`. */
export function isEveryone(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  return isObject(principal) && literalStrings(principal.AWS).includes('*');
}

/**
 * Where the two IAM wildcard rules map: least privilege in every framework.
 * @internal
 */
export const LEAST_PRIVILEGE_FRAMEWORKS: FrameworkMapping = {
  owasp: ['SAS-4'],
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(B)', '164.312(a)(1)'],
  pci: ['7.1.2', '7.2.1'],
  nist: ['AC-3', 'AC-6'],
  gdpr: ['Art. 25', 'Art. 32'],
};
