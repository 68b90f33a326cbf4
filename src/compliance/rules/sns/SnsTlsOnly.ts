import { Severity } from '../../vocabulary';
import { TLS_ONLY } from '../frameworks';
import { RuleDefinition } from '../rule';
import { hasTlsOnlyPolicy } from '../tls-only-policy';

/**
 * An SNS topic refuses publishing that does not use TLS.
 * @internal
 */
export const SnsTlsOnly: RuleDefinition = {
  name: 'SnsTlsOnly',
  title: 'SNS topics refuse publishing without TLS',
  explanation:
    'SNS accepts HTTP requests unless the topic policy denies them, whether or not the topic is encrypted at ' +
    'rest: the message then crosses the network in clear text before SNS encrypts it. Attach an ' +
    'AWS::SNS::TopicPolicy that denies sns:Publish to every principal when aws:SecureTransport is false. cdk-nag ' +
    'counts every KMS-encrypted topic as compliant and reads the construct tree; this rule reads the template.',
  problem: 'No topic policy of the template denies publishing to the topic without TLS',
  fix:
    "Use SecureTopic, or the topics our constructs create (the stack's alarm and dead-letter topics), which are " +
    'TLS only. On your own topic set `enforceSSL: true` (an AWS::SNS::TopicPolicy that denies sns:Publish to "*" ' +
    'when aws:SecureTransport is false), and keep that statement when you change the policy.',
  control: 'SNSTopicSSLPublishOnly',
  severity: Severity.ERROR,
  frameworks: TLS_ONLY,
  guard: {
    unsupported:
      'Guard cannot bind a resource to its logical id, so it cannot tell which topic a topic policy lists by Ref or ' +
      'Fn::GetAtt; matching topics by value confuses identical ones (two topics encrypted with the same key).',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::SNS::Topic') {
      return 'not-applicable';
    }
    const tlsOnly = hasTlsOnlyPolicy(resource, template, {
      policyType: 'AWS::SNS::TopicPolicy',
      listProperty: 'Topics',
      action: 'sns:Publish',
    });
    return tlsOnly ? 'compliant' : 'non-compliant';
  },
};
