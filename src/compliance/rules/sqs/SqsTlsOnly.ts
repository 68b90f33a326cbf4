import { Severity } from '../../vocabulary';
import { TLS_ONLY } from '../frameworks';
import { RuleDefinition } from '../rule';
import { hasTlsOnlyPolicy } from '../tls-only-policy';

/**
 * An SQS queue refuses requests that do not use TLS.
 * @internal
 */
export const SqsTlsOnly: RuleDefinition = {
  name: 'SqsTlsOnly',
  title: 'SQS queues refuse requests without TLS',
  explanation:
    'SQS accepts HTTP requests unless the queue policy denies them: messages, and the credentials signing the ' +
    'request, then cross the network in clear text. Attach an AWS::SQS::QueuePolicy that denies sqs:* to every ' +
    'principal when aws:SecureTransport is false. cdk-nag reads the construct tree, so a policy changed or ' +
    'removed through an escape hatch passes it; this rule reads the template.',
  problem: 'No queue policy of the template denies requests to the queue that do not use TLS',
  fix:
    'Use SecureQueue, which creates every queue (and its dead-letter queue) with a TLS-only policy. On your own ' +
    'queue set `enforceSSL: true` (an AWS::SQS::QueuePolicy that denies sqs:* to "*" when aws:SecureTransport is ' +
    'false), and keep that statement when you change the policy.',
  control: 'SQSQueueSSLRequestsOnly',
  severity: Severity.ERROR,
  frameworks: TLS_ONLY,
  guard: {
    unsupported:
      'Guard cannot bind a resource to its logical id, so it cannot tell which queue a queue policy lists by Ref or ' +
      'Fn::GetAtt; matching queues by value confuses identical ones, such as the dead-letter queues that ' +
      'SecureQueue creates.',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::SQS::Queue') {
      return 'not-applicable';
    }
    const tlsOnly = hasTlsOnlyPolicy(resource, template, {
      policyType: 'AWS::SQS::QueuePolicy',
      listProperty: 'Queues',
      action: 'sqs:SendMessage',
    });
    return tlsOnly ? 'compliant' : 'non-compliant';
  },
};
