import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as perms from './perms';
import { tableKeyStatements } from './table-keys';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeException } from '../core/opt-out';
import { isStarOnlyStatement } from '../core/star-only-actions';

/**
 * The role Step Functions assumes for one state machine: a ManagedPolicyRole (every grant of its tasks lands in
 * its customer-managed policy, with the key of each encrypted table a DynamoDB task uses), except that the statements aws-cdk-lib adds for logging and tracing, whose
 * actions AWS offers only on `*`, go to a second policy of this role that holds nothing else, where the one
 * `AwsSolutions-IAM5[Resource::*]` they need is acknowledged without covering any grant of a task.
 * @internal
 */
export class StateMachineRole extends ManagedPolicyRole {
  private starOnlyPolicy?: iam.ManagedPolicy;

  /**
   * @param stateMachineArn the ARN of the one state machine that may assume the role (confused-deputy protection:
   * `aws:SourceAccount`, `aws:SourceArn`), built from its name so that the role does not wait for it
   */
  constructor(scope: Construct, id: string, stateMachineArn: string, description: string) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
        ArnLike: { 'aws:SourceArn': stateMachineArn },
      }),
      description,
    });
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!isStarOnlyStatement(statement, perms.STATE_MACHINE_STAR_ONLY_ACTIONS)) {
      for (const keyStatement of tableKeyStatements(this, statement)) {
        super.addToPrincipalPolicy(keyStatement);
      }
      return super.addToPrincipalPolicy(perms.withoutDataKeyWildcard(statement));
    }
    if (!this.starOnlyPolicy) {
      this.starOnlyPolicy = new iam.ManagedPolicy(this, 'StarOnlyPolicy', {
        description: 'Log delivery and X-Ray actions of a state machine, which AWS offers only on Resource "*"',
        roles: [this],
      });
      acknowledgeException(
        this.starOnlyPolicy,
        [
          'AwsSolutions-IAM5[Resource::*]',
          ...perms.LOG_DELIVERY_ACTIONS.map((action) => `SecureServerless-IamWildcardResource[${action}]`),
        ],
        'Step Functions sets up and keeps the delivery of its logs to CloudWatch Logs with the log-delivery API (logs:CreateLogDelivery and seven others, account-level calls that the Service Authorization Reference lists with no resource type), and sends X-Ray traces (xray:PutTraceSegments and three others): none supports a resource narrower than "*". This policy holds only those actions, for this state machine\'s role.',
      );
    }
    this.starOnlyPolicy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.starOnlyPolicy };
  }
}
