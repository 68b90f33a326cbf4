import { Severity } from '../../vocabulary';
import { LEAST_PRIVILEGE_FRAMEWORKS } from '../policy-statements';
import { RuleDefinition } from '../rule';
import { asArray, templateText } from '../template-values';

/** The policy name of an AWS managed policy ARN, `arn:<partition>:iam::aws:policy/<path/name>`. */
const AWS_MANAGED_POLICY = /^arn:.*:iam::aws:policy\/(.+)$/;

/** Resource types that attach managed policies with `ManagedPolicyArns`. */
const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/**
 * No role, user or group has an AWS managed policy attached. Findings are the policies' names, with their path
 * (`service-role/AWSLambdaBasicExecutionRole`).
 * @internal
 */
export const IamAwsManagedPolicy: RuleDefinition = {
  name: 'IamAwsManagedPolicy',
  title: 'IAM roles, users and groups have no AWS managed policies attached',
  explanation:
    'AWS managed policies are written for every customer, so they grant broad actions on every resource (for ' +
    'example AmazonDynamoDBFullAccess allows dynamodb:* on "*"), AWS changes them without notice, and their ' +
    'content is not in the template for review or for the wildcard rules to check. Grant exactly what the ' +
    'principal needs in customer-managed policies (grant methods such as table.grantReadData do), copying the ' +
    'statements of an AWS managed policy where they fit.',
  problem: 'The principal has an AWS managed policy attached',
  fix:
    'Let our constructs create their roles, which receive every grant in customer-managed policies. On your own ' +
    'role, user or group remove the policy from `managedPolicies` (ManagedPolicyArns) and grant what the principal ' +
    'needs with grant methods such as `table.grantReadData(role)` or an `iam.ManagedPolicy` of your own, copying ' +
    "the AWS managed policy's statements where they fit.",
  control: 'IAMNoManagedPolicies',
  severity: Severity.ERROR,
  frameworks: LEAST_PRIVILEGE_FRAMEWORKS,
  guard: {
    resourceTypes: PRINCIPAL_TYPES,
    scope: 'resource',
    // A literal ARN, the `Fn::Join` CDK writes (`["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/..."]]`)
    // or an `Fn::Sub` body; other intrinsics (Ref, Fn::ImportValue) name no policy the template can read.
    clauses: `
      when %properties.ManagedPolicyArns exists {
        let arns = %properties.ManagedPolicyArns[*]
        %arns[ this is_string ] != /^arn:.*:iam::aws:policy\\/.+$/ <<MESSAGE>>
        %arns[
          'Fn::Join'[0] == ''
          'Fn::Join'[1][0] == /^arn:/
          some 'Fn::Join'[1][*] == /:iam::aws:policy\\/./
        ] empty <<MESSAGE>>
        %arns[
          'Fn::Sub' is_string
          'Fn::Sub' == /^arn:.*:iam::aws:policy\\/.+$/
        ] empty <<MESSAGE>>
        %arns[
          'Fn::Sub' is_list
          'Fn::Sub'[0] == /^arn:.*:iam::aws:policy\\/.+$/
        ] empty <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (!PRINCIPAL_TYPES.includes(resource.type)) {
      return 'not-applicable';
    }
    const names = asArray(resource.properties.ManagedPolicyArns)
      .map((arn) => AWS_MANAGED_POLICY.exec(templateText(arn))?.[1])
      .filter((name): name is string => name !== undefined);
    return [...new Set(names)];
  },
};
