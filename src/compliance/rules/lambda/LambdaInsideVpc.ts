import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject, isSet } from '../template-values';

/**
 * A Lambda function runs in a VPC.
 * @internal
 */
export const LambdaInsideVpc: RuleDefinition = {
  name: 'LambdaInsideVpc',
  title: 'Lambda functions run in a VPC',
  explanation:
    'A function outside a VPC reaches the internet and every public AWS endpoint directly, so a compromised ' +
    'function or dependency can send data anywhere, and security groups, NACLs, VPC endpoint policies and flow ' +
    'logs cannot restrict or record its traffic. Attach the function to private or isolated subnets ' +
    '(VpcConfig.SubnetIds) with a security group, and reach AWS services through VPC endpoints.',
  problem: 'The function runs outside any VPC',
  fix:
    "Use SecureFunction, which runs in `vpc` or the stack's shared IsolatedNetwork (leave `optOuts.vpc` unset). On " +
    'your own function set `vpc` and `vpcSubnets` with private or isolated subnets, and `securityGroups` ' +
    '(AWS::Lambda::Function VpcConfig SubnetIds and SecurityGroupIds).',
  control: 'LambdaInsideVPC',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    pci: ['1.2', '1.3'],
    nist: ['AC-4', 'SC-7'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'resource',
    // A non-empty list of subnets, or an intrinsic function that gives one.
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.VpcConfig.SubnetIds is_struct or %properties.VpcConfig.SubnetIds is_list <<MESSAGE>>
      %properties.VpcConfig.SubnetIds is_struct or %properties.VpcConfig.SubnetIds !empty <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const subnetIds = resource.properties.VpcConfig?.SubnetIds;
    // A list, or an intrinsic that gives one (a parameter of type List<AWS::EC2::Subnet::Id>, Fn::Split).
    const inVpc = Array.isArray(subnetIds) ? subnetIds.length > 0 : isObject(subnetIds) && isSet(subnetIds);
    return inVpc ? 'compliant' : 'non-compliant';
  },
};
