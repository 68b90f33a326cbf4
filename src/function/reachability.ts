import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { asArray } from '../compliance/rules/template-values';
import { formatSecureConfigMessage, SecureErrorCode } from '../core/errors';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { propRef } from '../core/prop-names';
import { IsolatedNetwork } from '../network/isolated-network';
import { routesOfStatement, StatementJson } from '../network/reachability';

/**
 * Where a function runs in the shared network.
 * @internal
 */
export interface SharedNetworkPlacement {
  readonly network: IsolatedNetwork;
  /** All of the function's security groups. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The security group the function created for itself, when the user passed none. */
  readonly ownSecurityGroup?: ec2.SecurityGroup;
}

/**
 * The security group a function in the shared network is let through to interface endpoints with: its own, or
 * else the first of the user's that this app created (an imported group cannot be given rules here).
 * @internal
 */
export function connectableSecurityGroup(placement: {
  readonly ownSecurityGroup?: ec2.SecurityGroup;
  readonly securityGroups: ec2.ISecurityGroup[];
}): ec2.ISecurityGroup | undefined {
  return placement.ownSecurityGroup ?? placement.securityGroups.find((sg) => sg instanceof ec2.SecurityGroup);
}

/**
 * Keeps every AWS service a function's role may call reachable from the shared isolated network, which has no
 * route to the internet:
 *
 * - each statement its role receives (every grant) opens the interface endpoints its actions need to the
 *   function's security group (its own, or the first of the user's that this app created), creating each
 *   endpoint once per network;
 * - statements for calls Lambda makes with the role are left out: the execution permissions (logs, the
 *   environment key, the dead-letter target, X-Ray and network interfaces) and what an event source or an
 *   asynchronous-invocation destination grants while it is bound (Lambda's poller and delivery make those calls);
 * - at synth, every statement of every policy of the role in its stack is read again, and what no endpoint of
 *   the network serves fails synth: a service without a known VPC endpoint, or an interface endpoint the
 *   function's security groups were not let through to (imported groups, statements added without a grant).
 *
 * A function in a VPC of the user's own is not observed: its routes are the user's.
 * @internal
 */
export class FunctionReachability {
  /** Observes `role` for a function in the shared network; undefined for any other placement. */
  public static observe(
    fn: IConstruct,
    role: ManagedPolicyRole,
    placement: SharedNetworkPlacement | undefined,
  ): FunctionReachability | undefined {
    return placement ? new FunctionReachability(fn, role, placement) : undefined;
  }

  /** Statements for calls that Lambda makes with the role, which need no route from the function's subnets. */
  private readonly madeByLambda: iam.PolicyStatement[] = [];
  /** Open windows in which statements are Lambda's: the execution permissions (open from the start), bindings. */
  private lambdaWindows = 1;
  /** The security group routes are added to: undefined when all the user's groups are imported. */
  private readonly connectable?: ec2.ISecurityGroup;

  private constructor(
    private readonly fn: IConstruct,
    private readonly role: ManagedPolicyRole,
    private readonly placement: SharedNetworkPlacement,
  ) {
    this.connectable = connectableSecurityGroup(placement);
    role._onStatement((statement) => this.observe(statement));
    fn.node.addValidation({ validate: () => this.unreachableErrors() });
  }

  /** Ends the window of the execution permissions: statements from now on are for the function's code. */
  public executionPermissionsGranted(): void {
    this.lambdaWindows--;
  }

  /** Runs `bind` (an event source or destination being bound); the statements it adds are Lambda's. */
  public boundByLambda<T>(bind: () => T): T {
    this.lambdaWindows++;
    try {
      return bind();
    } finally {
      this.lambdaWindows--;
    }
  }

  private observe(statement: iam.PolicyStatement): void {
    if (this.lambdaWindows > 0) {
      this.madeByLambda.push(statement);
      return;
    }
    if (!this.connectable) {
      return;
    }
    const json = statement.toStatementJson() as StatementJson;
    // Resources are only read for DynamoDB Streams actions (is it a stream?): resolve them only then.
    const needsResources = asArray(json.Action).some((a) => typeof a === 'string' && /^dynamodb:/i.test(a));
    const resolved = needsResources ? { ...json, Resource: Stack.of(this.fn).resolve(json.Resource) } : json;
    for (const name of routesOfStatement(resolved).interfaceEndpoints) {
      this.placement.network.allowInterfaceEndpoint(this.connectable, new ec2.InterfaceVpcEndpointAwsService(name));
    }
  }

  /** What the role may call and the network does not reach, as error messages. */
  private unreachableErrors(): string[] {
    const stack = Stack.of(this.fn);
    const lambdas = new Set(this.madeByLambda.map((s) => statementKey(stack.resolve(s.toStatementJson()))));
    const unknown = new Map<string, Set<string>>();
    const missing = new Set<string>();
    for (const statement of policyStatementsOf(this.role)) {
      if (lambdas.has(statementKey(statement))) {
        continue;
      }
      const routes = routesOfStatement(statement);
      for (const [service, action] of routes.unreachable) {
        unknown.set(service, (unknown.get(service) ?? new Set()).add(action));
      }
      for (const name of routes.interfaceEndpoints) {
        if (!this.placement.securityGroups.some((sg) => this.placement.network._allowsInterfaceEndpoint(sg, name))) {
          missing.add(name);
        }
      }
    }
    const errors = [...unknown].map(([service, actions]) =>
      formatSecureConfigMessage(this.fn, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'vpc',
        problem: `the role allows ${[...actions].join(', ')}, but no VPC endpoint is known for the ${service} service and the shared isolated network has no route to the internet, so those calls would time out`,
        fix: `run the function in a VPC of your own with PRIVATE_WITH_EGRESS subnets (${propRef('vpc')}, ${propRef('vpcSubnets')} and ${propRef('securityGroups')}), or set ${propRef('optOuts.vpc')} with a reason`,
      }),
    );
    for (const name of missing) {
      const service = `new ec2.InterfaceVpcEndpointAwsService('${name}')`;
      errors.push(
        formatSecureConfigMessage(this.fn, {
          code: SecureErrorCode.CONFLICTING_PROPS,
          prop: this.placement.ownSecurityGroup ? 'interfaceEndpoints' : 'securityGroups',
          problem: `the role allows calls to ${name}, but no security group of the function may reach the network's ${name} interface endpoint (${
            this.placement.ownSecurityGroup
              ? 'the permission did not come through a grant to the function'
              : 'imported security groups are not changed'
          })`,
          fix: this.placement.ownSecurityGroup
            ? `list ${service} in ${propRef('interfaceEndpoints')}, or grant the permission to the function itself`
            : `call ${propRef('IsolatedNetwork.of(this).allowInterfaceEndpoint')}(yourSecurityGroup, ${service})`,
        }),
      );
    }
    return errors;
  }
}

/**
 * The resolved statements of every policy of `role` in its stack: its own customer-managed policy, the
 * managed policies it lists, and the policies (managed or inline) that attach themselves to it. Policies of
 * other stacks and AWS-managed policies cannot be read here.
 */
function policyStatementsOf(role: iam.Role): StatementJson[] {
  const stack = Stack.of(role);
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const roleRef = JSON.stringify(stack.resolve(cfnRole.ref));
  const listed = asArray(stack.resolve(cfnRole.managedPolicyArns)).map((arn) => JSON.stringify(arn));
  const documents: unknown[] = asArray(stack.resolve(cfnRole.policies)).map((p) => (p as any)?.PolicyDocument);
  for (const policy of StackPolicies.of(stack)) {
    if (policy.roles.includes(roleRef) || (policy.ref !== undefined && listed.includes(policy.ref))) {
      documents.push(policy.document());
    }
  }
  return documents.flatMap((document) => asArray((document as any)?.Statement) as StatementJson[]);
}

/** One policy of a stack, with the roles it attaches to resolved, and its document resolved on first use. */
interface StackPolicy {
  /** The roles it names, each as its resolved reference in JSON. */
  readonly roles: readonly string[];
  /** A managed policy's resolved reference in JSON, which roles list. @default - an inline policy */
  readonly ref?: string;
  readonly document: () => unknown;
}

/**
 * The policies (`AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`) of each stack, resolved once for all the
 * functions of the stack instead of once per function: validation would otherwise grow with functions × policies.
 * An index is rebuilt when the stack has gained or lost constructs since it was made.
 */
class StackPolicies {
  public static of(stack: Stack): readonly StackPolicy[] {
    const constructs = stack.node.findAll();
    const cached = StackPolicies.cache.get(stack);
    if (cached && cached.size === constructs.length) {
      return cached.policies;
    }
    const policies = constructs
      .filter(
        (c): c is iam.CfnManagedPolicy | iam.CfnPolicy =>
          (c instanceof iam.CfnManagedPolicy || c instanceof iam.CfnPolicy) && Stack.of(c) === stack,
      )
      .map((policy): StackPolicy => {
        let document: { readonly value: unknown } | undefined;
        return {
          roles: asArray(stack.resolve(policy.roles)).map((r) => JSON.stringify(r)),
          ...(policy instanceof iam.CfnManagedPolicy ? { ref: JSON.stringify(stack.resolve(policy.ref)) } : {}),
          document: () => (document ??= { value: stack.resolve(policy.policyDocument) }).value,
        };
      });
    StackPolicies.cache.set(stack, { size: constructs.length, policies });
    return policies;
  }

  private static readonly cache = new WeakMap<Stack, { readonly size: number; readonly policies: StackPolicy[] }>();
}

/** A statement's identity for comparison: effect, actions, resources and conditions, order-free. */
function statementKey(statement: StatementJson & { readonly Principal?: unknown }): string {
  const sorted = (value: unknown) =>
    asArray(value)
      .map((v) => JSON.stringify(v))
      .sort();
  return JSON.stringify([
    statement.Effect,
    sorted(statement.Action),
    sorted(statement.NotAction),
    sorted(statement.Resource),
    statement.Condition ?? null,
  ]);
}
