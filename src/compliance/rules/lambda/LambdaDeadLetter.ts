import { Severity } from '../../vocabulary';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import { isSet, referencedLogicalId } from '../template-values';

/** For the Guard twin: the functions that an event invoke config sends failures of to a destination. */
const ON_FAILURE = guardPointedTo(
  'lambdadeadletter_onfailure',
  `Resources.*[
  Type == 'AWS::Lambda::EventInvokeConfig'
  Properties.DestinationConfig.OnFailure.Destination exists
  Properties.DestinationConfig.OnFailure.Destination !is_string or Properties.DestinationConfig.OnFailure.Destination != ''
].Properties.FunctionName`,
);

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
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'template',
    preamble: ON_FAILURE.preamble,
    clauses: `
      when ${indent(ON_FAILURE.notPointedTo, 11)} {
        %properties !empty <<MESSAGE>>
        %properties.DeadLetterConfig.TargetArn exists <<MESSAGE>>
        %properties.DeadLetterConfig.TargetArn !is_string or %properties.DeadLetterConfig.TargetArn != '' <<MESSAGE>>
      }
    `,
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

/**
 * Guard `let` statements, for the twin's preamble, binding the resources of the template that the values of
 * `query` point to with `Ref`, with `Fn::GetAtt` as a list and with `Fn::GetAtt` as a string; and the `when`
 * conditions that hold for a resource that none of them is. Guard has no logical ids to compare, so it compares
 * the resources themselves: two resources with the same type, properties and metadata are the same to it.
 */
function guardPointedTo(name: string, query: string): { preamble: string; notPointedTo: string } {
  const v = (what: string) => `secureserverless_${name}_${what}`;
  const preamble = [
    `let ${v('values')} = ${query}`,
    `let ${v('refs')} = %${v('values')}[ Ref is_string ]`,
    `let ${v('refids')} = %${v('refs')}.Ref`,
    `let ${v('byref')} = Resources[ keys in %${v('refids')} ]`,
    `let ${v('getatts')} = %${v('values')}[ 'Fn::GetAtt' is_list ]`,
    `let ${v('getattids')} = %${v('getatts')}.'Fn::GetAtt'[0]`,
    `let ${v('bygetatt')} = Resources[ keys in %${v('getattids')} ]`,
    `let ${v('getattstrings')} = %${v('values')}[ 'Fn::GetAtt' is_string ]`,
    `let ${v('getattstringvalues')} = %${v('getattstrings')}.'Fn::GetAtt'`,
    `let ${v('getattstringids')} = regex_replace(%${v('getattstringvalues')}, "^([^.]*)\\..*$", "\${1}")`,
    `let ${v('bygetattstring')} = Resources[ keys in %${v('getattstringids')} ]`,
  ].join('\n');
  const notPointedTo = ['byref', 'bygetatt', 'bygetattstring']
    .map((s) => `%${v(s)} empty or this !in %${v(s)}`)
    .join('\n');
  return { preamble, notPointedTo };
}

/** `text` with every line but the first indented by `spaces`. */
function indent(text: string, spaces: number): string {
  return text.split('\n').join(`\n${' '.repeat(spaces)}`);
}
