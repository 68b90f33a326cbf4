import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject } from '../template-values';

/** The four settings of an S3 bucket's public access block, each of which must be true. */
const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * An S3 bucket blocks every kind of public access.
 * @internal
 */
export const S3PublicAccessBlocked: RuleDefinition = {
  name: 'S3PublicAccessBlocked',
  title: 'S3 buckets block public access',
  explanation:
    'A bucket whose public access block leaves a setting off can be made public by one ACL or one bucket-policy ' +
    'statement, by mistake or by an attacker holding s3:PutBucketPolicy. All four settings of ' +
    'PublicAccessBlockConfiguration (BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets) ' +
    'must be true. cdk-nag reads the construct tree, so a setting changed or removed through an escape hatch ' +
    'passes it; this rule reads the template.',
  problem: 'The bucket does not set all four settings of its public access block to true',
  fix:
    'Use SecureBucket, which blocks all public access. On your own bucket set ' +
    '`blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL`, and serve public content through CloudFront with origin ' +
    'access control instead.',
  control: 'S3BucketLevelPublicAccessProhibited',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    pci: ['1.3.1', '7.2.1'],
    nist: ['AC-3', 'AC-6', 'SC-7'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::S3::Bucket'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration is_struct <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.BlockPublicAcls !is_list <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.BlockPublicAcls == true or %properties.PublicAccessBlockConfiguration.BlockPublicAcls == 'true' <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.BlockPublicPolicy !is_list <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.BlockPublicPolicy == true or %properties.PublicAccessBlockConfiguration.BlockPublicPolicy == 'true' <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.IgnorePublicAcls !is_list <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.IgnorePublicAcls == true or %properties.PublicAccessBlockConfiguration.IgnorePublicAcls == 'true' <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.RestrictPublicBuckets !is_list <<MESSAGE>>
      %properties.PublicAccessBlockConfiguration.RestrictPublicBuckets == true or %properties.PublicAccessBlockConfiguration.RestrictPublicBuckets == 'true' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::S3::Bucket') {
      return 'not-applicable';
    }
    const block = resource.properties.PublicAccessBlockConfiguration;
    const blocked =
      isObject(block) && SETTINGS.every((setting) => block[setting] === true || block[setting] === 'true');
    return blocked ? 'compliant' : 'non-compliant';
  },
};
