import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { StackDefaults } from './stack-defaults';
import { isStarOnlyStatement } from './star-only-actions';

/**
 * Props of {@link ManagedPolicyRole}.
 */
export interface ManagedPolicyRoleProps {
  /** The principal that may assume the role. */
  readonly assumedBy: iam.IPrincipal;

  /**
   * A description of the role.
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

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id, { assumedBy: props.assumedBy, description: props.description });
  }

  /**
   * The customer-managed policy that holds this role's permissions, created with the first statement.
   */
  public get policy(): iam.ManagedPolicy | undefined {
    return this.managedPolicy;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (isStarOnlyStatement(statement)) {
      // X-Ray and VPC network-interface actions exist only on `*`: covered once per stack by a shared policy.
      return { statementAdded: true, policyDependable: StackDefaults.of(this).attachStarOnlyPolicy(this) };
    }
    if (!this.managedPolicy) {
      this.managedPolicy = new iam.ManagedPolicy(this, 'Policy', {
        description: `Permissions of ${this.node.path}`,
        roles: [this],
      });
    }
    this.managedPolicy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.managedPolicy };
  }
}
