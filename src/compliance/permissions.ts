import type { AuditTarget } from './cloud-assembly';
import { actionsOf, PolicyStatementJson, statementsOf } from './rules/policy-statements';
import { asArray, isObject, literalStrings, referencedLogicalId } from './rules/template-values';

/**
 * What a function's role lets it do with one action, after every policy attached to the role is read.
 * @internal
 */
export interface PermissionEntry {
  /** The action, as the policy writes it (`dynamodb:GetItem`, `s3:*`), or `* except <actions>` for NotAction. */
  readonly action: string;
  /** The resources, readable (`<OrdersTable1F8332C7.Arn>`, `arn:aws:s3:::bucket/*`, `*`), sorted. */
  readonly resources: string[];
  /** The statement's condition, when it has one. @default - unconditional */
  readonly condition?: unknown;
  /** The policies the entry comes from: logical ids, or `<role>:<inline policy name>`. */
  readonly policies: string[];
}

/**
 * The effective permissions of one Lambda function's execution role, read from the template.
 * @internal
 */
export interface FunctionPermissions {
  /** The function's logical id. */
  readonly logicalId: string;
  /** The function's construct path, when the cloud assembly records it. @default - unknown */
  readonly constructPath?: string;
  /** The stack. */
  readonly stack: string;
  /** The role's logical id, or its ARN when the role is not in the template. */
  readonly role: string;
  /** Allowed actions, one entry per action and condition, sorted by action. */
  readonly allowed: PermissionEntry[];
  /** Denied actions, the same way. */
  readonly denied: PermissionEntry[];
  /**
   * Policies attached to the role whose statements are not in the template (AWS managed policies, imported
   * ARNs): what they allow is not listed above.
   */
  readonly externalPolicies: string[];
}

type Resources = Record<string, { readonly Type?: string; readonly Properties?: Record<string, any> }>;

/** Where a statement comes from. */
interface SourcedStatement {
  readonly statement: PolicyStatementJson;
  readonly policy: string;
}

/**
 * The effective permissions of every Lambda function in `targets`: the statements of the inline policies of its
 * role, of the managed policies the role lists, and of every `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`
 * that names the role, merged per action.
 * @internal
 */
export function functionPermissions(targets: readonly AuditTarget[]): FunctionPermissions[] {
  return targets.flatMap((target) => {
    const resources = ((target.template as { Resources?: Resources }).Resources ?? {}) as Resources;
    return Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([logicalId, fn]) => {
        const roleValue = fn.Properties?.Role;
        const roleId = referencedLogicalId(roleValue);
        const role = roleId !== undefined && resources[roleId]?.Type === 'AWS::IAM::Role' ? roleId : undefined;
        const { statements, externalPolicies } = role
          ? roleStatements(role, resources)
          : { statements: [], externalPolicies: [] };
        const constructPath = target.constructPaths.get(logicalId);
        return {
          logicalId,
          ...(constructPath ? { constructPath } : {}),
          stack: target.stack,
          role: role ?? readable(roleValue),
          allowed: merge(statements.filter((s) => s.statement.Effect === 'Allow')),
          denied: merge(statements.filter((s) => s.statement.Effect === 'Deny')),
          externalPolicies,
        };
      });
  });
}

function roleStatements(
  roleId: string,
  resources: Resources,
): { statements: SourcedStatement[]; externalPolicies: string[] } {
  const role = resources[roleId].Properties ?? {};
  const statements: SourcedStatement[] = asArray(role.Policies).flatMap((p) =>
    isObject(p)
      ? statementsOf(p.PolicyDocument).map((statement) => ({
          statement,
          policy: `${roleId}:${readable(p.PolicyName)}`,
        }))
      : [],
  );
  const externalPolicies: string[] = [];
  const attached = new Set<string>();
  for (const arn of asArray(role.ManagedPolicyArns)) {
    const id = referencedLogicalId(arn);
    if (id !== undefined && resources[id]?.Type === 'AWS::IAM::ManagedPolicy') {
      attached.add(id);
    } else {
      externalPolicies.push(readable(arn));
    }
  }
  for (const id of policiesNaming(resources).get(roleId) ?? []) {
    attached.add(id);
  }
  for (const id of attached) {
    statements.push(
      ...statementsOf(resources[id].Properties?.PolicyDocument).map((statement) => ({ statement, policy: id })),
    );
  }
  return { statements, externalPolicies };
}

/** The `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources of a template by the roles they name, indexed once. */
const NAMING = new WeakMap<Resources, Map<string, string[]>>();

function policiesNaming(resources: Resources): Map<string, string[]> {
  let index = NAMING.get(resources);
  if (!index) {
    index = new Map();
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
        for (const role of asArray(resource.Properties?.Roles)) {
          const roleId = referencedLogicalId(role);
          if (roleId !== undefined) {
            index.set(roleId, [...(index.get(roleId) ?? []), id]);
          }
        }
      }
    }
    NAMING.set(resources, index);
  }
  return index;
}

/** One entry per action and condition, with the resources of every statement that grants it. */
function merge(statements: readonly SourcedStatement[]): PermissionEntry[] {
  const entries = new Map<
    string,
    { action: string; resources: Set<string>; condition?: unknown; policies: Set<string> }
  >();
  for (const { statement, policy } of statements) {
    const notActions = literalStrings(statement.NotAction);
    const actions = notActions.length > 0 ? [`* except ${notActions.join(', ')}`] : actionsOf(statement);
    const notResources = asArray(statement.NotResource).map(readable);
    const resources =
      notResources.length > 0 ? [`* except ${notResources.join(', ')}`] : asArray(statement.Resource).map(readable);
    for (const action of actions) {
      const key = `${action}\u0000${JSON.stringify(statement.Condition ?? null)}`;
      const entry = entries.get(key) ?? {
        action,
        resources: new Set<string>(),
        ...(statement.Condition !== undefined ? { condition: statement.Condition } : {}),
        policies: new Set<string>(),
      };
      resources.forEach((r) => entry.resources.add(r));
      entry.policies.add(policy);
      entries.set(key, entry);
    }
  }
  return [...entries.values()]
    .map((e) => ({ ...e, resources: [...e.resources].sort(), policies: [...e.policies].sort() }))
    .sort(
      (a, b) =>
        a.action.localeCompare(b.action) ||
        JSON.stringify(a.condition ?? null).localeCompare(JSON.stringify(b.condition ?? null)),
    );
}

/**
 * A template value as a reviewer reads it: literals as they are, `{ Ref: X }` as `<X>`, `Fn::GetAtt` as
 * `<X.Attr>`, pseudo parameters as `${AWS::Region}`, `Fn::Join` and `Fn::Sub` joined.
 * @internal
 */
export function readable(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (isObject(value)) {
    if (typeof value.Ref === 'string') {
      return value.Ref.startsWith('AWS::') ? `\${${value.Ref}}` : `<${value.Ref}>`;
    }
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      return `<${getAtt.map(readable).join('.')}>`;
    }
    if (typeof getAtt === 'string') {
      return `<${getAtt}>`;
    }
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(readable).join(join[0]);
    }
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string' || (Array.isArray(sub) && typeof sub[0] === 'string')) {
      return Array.isArray(sub) ? sub[0] : sub;
    }
  }
  return JSON.stringify(value);
}
