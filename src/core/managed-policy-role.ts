import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { iamDescription, IAM_ROLE_DESCRIPTION } from './aws-text';
import { isStarOnlyStatement } from './star-only-actions';
import { attachStarOnlyPolicy } from './star-only-policy';
import { validateName } from './validate';

/**
 * Props of {@link ManagedPolicyRole}.
 */
export interface ManagedPolicyRoleProps {
  /** The principal that may assume the role. */
  readonly assumedBy: iam.IPrincipal;

  /**
   * A description of the role: up to 1000 printable ASCII or Latin-1 characters, tabs and line breaks (IAM's
   * CreateRole rule; no emoji).
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * An IAM role whose every permission lands in one customer-managed policy of its own.
 *
 * This is the one grant mechanism of the library. aws-cdk-lib's `grant*()` methods call
 * `addToPrincipalPolicy`, which on a plain `iam.Role` creates an inline `AWS::IAM::Policy`; HIPAA, NIST
 * 800-53 and PCI DSS (IAMNoInlinePolicy) reject inline policies. This role routes those statements, and any
 * added later by any construct, into an `AWS::IAM::ManagedPolicy` attached to it. The role never receives
 * an AWS-managed policy. Statements that only allow X-Ray or VPC network-interface actions on `*` (AWS offers
 * them on nothing narrower) attach the stack's one shared policy for those actions instead.
 */
export class ManagedPolicyRole extends iam.Role {
  private managedPolicy?: iam.ManagedPolicy;
  private independentPolicy?: iam.ManagedPolicy;
  private readonly statementListeners: Array<(statement: iam.PolicyStatement) => void> = [];

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id, { assumedBy: props.assumedBy });
    // Checked here rather than by iam.Role, so that a bad description fails with our error and the IAM rule.
    validateName(this, 'description', props.description, IAM_ROLE_DESCRIPTION);
    (this.node.defaultChild as iam.CfnRole).description = props.description;
  }

  /**
   * The customer-managed policy that holds this role's permissions, created with the first statement.
   */
  public get policy(): iam.ManagedPolicy | undefined {
    return this.managedPolicy;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const result = this.addStatement(statement);
    for (const listener of this.statementListeners) {
      listener(statement);
    }
    return result;
  }

  /**
   * Calls `listener` with every statement added through `addToPrincipalPolicy` from now on (every grant), right
   * after it was added. For the role's owner, which may need to act on what the role may call: a SecureFunction
   * adds the network routes its grants need.
   * @internal
   */
  public _onStatement(listener: (statement: iam.PolicyStatement) => void): void {
    this.statementListeners.push(listener);
  }

  /**
   * Adds `statement` to a second customer-managed policy of this role, which nothing waits for: for statements
   * that name a resource which itself waits for the role's policy (a function that may invoke itself: the
   * function depends on its execution policy, so that policy cannot also name the function without a circular
   * dependency). Listeners are called as for `addToPrincipalPolicy`.
   * @internal
   */
  public _addToIndependentPolicy(statement: iam.PolicyStatement): void {
    // A sibling of the role, not a child: whatever depends on the role depends on its children too.
    this.independentPolicy ??= new iam.ManagedPolicy(this.node.scope as Construct, `${this.node.id}IndependentPolicy`, {
      description: iamDescription(`Permissions of ${this.node.path} that name resources waiting for its role`),
      roles: [this],
    });
    this.independentPolicy.addStatements(statement);
    for (const listener of this.statementListeners) {
      listener(statement);
    }
  }

  private addStatement(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (isStarOnlyStatement(statement)) {
      // X-Ray and VPC network-interface actions exist only on `*`: covered once per stack by a shared policy.
      return { statementAdded: true, policyDependable: attachStarOnlyPolicy(this) };
    }
    if (!this.managedPolicy) {
      this.managedPolicy = new iam.ManagedPolicy(this, 'Policy', {
        description: iamDescription(`Permissions of ${this.node.path}`),
        roles: [this],
      });
    }
    this.managedPolicy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.managedPolicy };
  }
}
