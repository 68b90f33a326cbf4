import { Severity } from '../../vocabulary';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import { isSet, referencedLogicalId } from '../template-values';

/**
 * Failed asynchronous invocations of a Lambda function go to a dead-letter queue or an on-failure destination.
 * @internal
 */
export const LambdaDeadLetter: RuleDefinition = {
  name: 'LambdaDeadLetter',
  title: 'Lambda functions send failed asynchronous events to a dead-letter target',
  explanation:
    'Lambda retries a failed asynchronous invocation twice and then drops the event, so errors, including ' +
    'deliberately malformed events, disappear without a trace. Set DeadLetterConfig.TargetArn to an encrypted SQS ' +
    'queue or SNS topic, or add an on-failure destination (AWS::Lambda::EventInvokeConfig), and alarm on it. ' +
    'Functions only invoked synchronously or by event source mappings can acknowledge this rule.',
  problem: 'The function drops failed asynchronous events: it has no dead-letter target and no on-failure destination',
  fix:
    "Use SecureFunction, which sends failed asynchronous events to `deadLetterTopic` or the stack's shared " +
    'dead-letter topic (leave `optOuts.deadLetter` unset). On your own function set `deadLetterQueue` or ' +
    '`deadLetterTopic` (AWS::Lambda::Function DeadLetterConfig.TargetArn), or `onFailure` ' +
    '(AWS::Lambda::EventInvokeConfig DestinationConfig.OnFailure), and alarm on it.',
  control: 'LambdaDLQ',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-10', 'SAS-5'],
    hipaa: ['164.312(b)'],
    nist: ['CA-7', 'SI-2'],
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    if (isSet(resource.properties.DeadLetterConfig?.TargetArn) || hasOnFailureDestination(resource, template)) {
      return 'compliant';
    }
    return 'non-compliant';
  },
};

/** True when an event invoke config of the template sends the function's failures to a destination. */
function hasOnFailureDestination(fn: TemplateResource, template: TemplateContext): boolean {
  return [...template.resources.values()].some(
    (r) =>
      r.type === 'AWS::Lambda::EventInvokeConfig' &&
      referencedLogicalId(r.properties.FunctionName) === fn.logicalId &&
      isSet(r.properties.DestinationConfig?.OnFailure?.Destination),
  );
}
