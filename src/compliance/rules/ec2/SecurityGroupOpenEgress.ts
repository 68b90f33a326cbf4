import { Severity } from '../../vocabulary';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import { asArray, isObject, referencedLogicalId } from '../template-values';

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/**
 * No security group allows egress to any address. Findings are the open ranges, `0.0.0.0/0` and `::/0`.
 * @internal
 */
export const SecurityGroupOpenEgress: RuleDefinition = {
  name: 'SecurityGroupOpenEgress',
  title: 'Security groups allow no egress to 0.0.0.0/0 or ::/0',
  explanation:
    'An egress rule to 0.0.0.0/0 or ::/0 lets a compromised function or dependency send data to any address; a ' +
    'security group with no egress rule at all keeps the allow-all rule EC2 creates it with. Allow egress only to ' +
    'the security groups, prefix lists (for S3 and DynamoDB gateway endpoints) and CIDRs the workload talks to ' +
    '(allowAllOutbound: false in the CDK). Isolated subnets without a route to the internet mitigate the risk but ' +
    'do not excuse the rule: routes change, and the rule also opens every other address inside the network.',
  problem: 'The security group allows egress to every address of the range',
  fix:
    "Let SecureFunction create its security group, which allows egress only to the network's endpoints. On your " +
    'own security group set `allowAllOutbound: false` (and `allowAllIpv6Outbound: false`) and add egress rules ' +
    'only to the security groups, prefix lists and CIDRs it talks to (AWS::EC2::SecurityGroup SecurityGroupEgress, ' +
    'AWS::EC2::SecurityGroupEgress).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(e)(1)'],
    pci: ['1.2.1', '1.3.4'],
    nist: ['AC-4', 'SC-7'],
  },
  guard: {
    unsupported:
      "The check matches the group's own logical id against every SecurityGroupEgress's GroupId, and a Guard block " +
      "cannot read its resource's logical id (a key bound with `Resources[ id | ... ]` does not resolve in `when` " +
      'conditions, and `keys == %list` compares substrings)',
  },
  check: (resource, template) => {
    if (resource.type === 'AWS::EC2::SecurityGroup') {
      const rules = asArray(resource.properties.SecurityGroupEgress);
      if (rules.length === 0 && !hasStandaloneEgressRule(resource, template)) {
        // EC2 creates the group with an allow-all egress rule, and removes it when the first egress rule is added.
        return [ANY_IPV4];
      }
      return [...new Set(rules.filter(isObject).flatMap(openRanges))];
    }
    if (resource.type === 'AWS::EC2::SecurityGroupEgress') {
      return openRanges(resource.properties);
    }
    return 'not-applicable';
  },
};

/** True when an `AWS::EC2::SecurityGroupEgress` of the template adds an egress rule to the group. */
function hasStandaloneEgressRule(group: TemplateResource, template: TemplateContext): boolean {
  return [...template.resources.values()].some(
    (r) => r.type === 'AWS::EC2::SecurityGroupEgress' && referencedLogicalId(r.properties.GroupId) === group.logicalId,
  );
}

/** The open ranges an egress rule allows. */
function openRanges(rule: { readonly [key: string]: any }): string[] {
  return [...(rule.CidrIp === ANY_IPV4 ? [ANY_IPV4] : []), ...(rule.CidrIpv6 === ANY_IPV6 ? [ANY_IPV6] : [])];
}
