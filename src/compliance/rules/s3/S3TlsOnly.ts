import { Severity } from '../../vocabulary';
import { TLS_ONLY } from '../frameworks';
import { RuleDefinition } from '../rule';
import { hasTlsOnlyPolicy } from '../tls-only-policy';

/**
 * An S3 bucket refuses requests that do not use TLS.
 * @internal
 */
export const S3TlsOnly: RuleDefinition = {
  name: 'S3TlsOnly',
  title: 'S3 buckets refuse requests without TLS',
  explanation:
    'S3 accepts HTTP requests unless the bucket policy denies them: objects, and the credentials signing the ' +
    'request, then cross the network in clear text. Attach an AWS::S3::BucketPolicy that denies s3:* to every ' +
    'principal when aws:SecureTransport is false. cdk-nag reads the construct tree, so a policy changed or ' +
    'removed through an escape hatch passes it; this rule reads the template.',
  problem: 'No bucket policy of the template denies requests to the bucket that do not use TLS',
  fix:
    "Use SecureBucket, which creates every bucket (and the stack's access log bucket) with a TLS-only policy. On " +
    'your own bucket set `enforceSSL: true` (an AWS::S3::BucketPolicy that denies s3:* to "*" when ' +
    'aws:SecureTransport is false), and keep that statement when you change the policy.',
  control: 'S3BucketSSLRequestsOnly',
  severity: Severity.ERROR,
  frameworks: TLS_ONLY,
  guard: {
    unsupported:
      "The check matches the bucket's own logical id against the Bucket of every AWS::S3::BucketPolicy, and a " +
      "Guard block cannot read its resource's logical id (a key bound with `Resources[ id | ... ]` does not " +
      'resolve in `when` conditions, and `keys == %list` compares substrings)',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::S3::Bucket') {
      return 'not-applicable';
    }
    const tlsOnly = hasTlsOnlyPolicy(resource, template, {
      policyType: 'AWS::S3::BucketPolicy',
      listProperty: 'Bucket',
      action: 's3:GetObject',
    });
    return tlsOnly ? 'compliant' : 'non-compliant';
  },
};
