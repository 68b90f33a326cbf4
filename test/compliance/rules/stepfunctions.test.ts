import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { check, resource, templateOf, UNRELATED } from './support';
import { RuleDefinition, RuleOutcome } from '../../../src/compliance/rules';
import { StateMachineCustomerManagedKey } from '../../../src/compliance/rules/stepfunctions/StateMachineCustomerManagedKey';
import { StateMachineExecutionDataExcluded } from '../../../src/compliance/rules/stepfunctions/StateMachineExecutionDataExcluded';
import { StateMachineLogging } from '../../../src/compliance/rules/stepfunctions/StateMachineLogging';
import { StateMachineTracing } from '../../../src/compliance/rules/stepfunctions/StateMachineTracing';

/** A plain aws-cdk-lib state machine, with `props` on top of a one-state definition. */
function stateMachine(props: (stack: Stack) => Partial<sfn.StateMachineProps> = () => ({})): sfn.StateMachine {
  const stack = new Stack(new App(), 'Stack');
  return new sfn.StateMachine(stack, 'Flow', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')),
    ...props(stack),
  });
}

/** The rule's outcome for the synthesized AWS::StepFunctions::StateMachine of `machine`'s stack. */
function outcomeOf(rule: RuleDefinition, machine: sfn.StateMachine): RuleOutcome {
  const stack = Stack.of(machine);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  const template = templateOf(...Object.entries(resources).map(([id, r]) => resource(id, r.Type, r.Properties ?? {})));
  const logicalId = stack.resolve((machine.node.defaultChild as sfn.CfnStateMachine).logicalId);
  return rule.check(template.resources.get(logicalId)!, template);
}

const flow = (properties: Record<string, unknown>) =>
  resource('Flow', 'AWS::StepFunctions::StateMachine', {
    RoleArn: { 'Fn::GetAtt': ['FlowRole', 'Arn'] },
    DefinitionString: '{}',
    ...properties,
  });

describe('StateMachineCustomerManagedKey', () => {
  test('compliant: CustomerManagedEncryptionConfiguration with a key of the stack', () => {
    const machine = stateMachine((stack) => ({
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(
        new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      ),
    }));
    expect(outcomeOf(StateMachineCustomerManagedKey, machine)).toBe('compliant');
  });

  test('non-compliant: no EncryptionConfiguration, or AwsOwnedEncryptionConfiguration', () => {
    expect(outcomeOf(StateMachineCustomerManagedKey, stateMachine())).toBe('non-compliant');
    const awsOwned = stateMachine(() => ({ encryptionConfiguration: new sfn.AwsOwnedEncryptionConfiguration() }));
    expect(outcomeOf(StateMachineCustomerManagedKey, awsOwned)).toBe('non-compliant');
  });

  test('non-compliant: the customer-managed type without a key, or with an AWS-managed alias', () => {
    expect(
      check(StateMachineCustomerManagedKey, flow({ EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY' } })),
    ).toBe('non-compliant');
    const aliased = flow({
      EncryptionConfiguration: {
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: 'arn:aws:kms:eu-west-1:1:alias/aws/states',
      },
    });
    expect(check(StateMachineCustomerManagedKey, aliased)).toBe('non-compliant');
  });

  test('non-compliant: a key with the AWS-owned type (an escape hatch changed the type)', () => {
    const subject = flow({
      EncryptionConfiguration: { Type: 'AWS_OWNED_KEY', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
    });
    expect(check(StateMachineCustomerManagedKey, subject)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(StateMachineCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});

describe('StateMachineExecutionDataExcluded', () => {
  const logged = (includeExecutionData?: boolean) =>
    stateMachine((stack) => ({
      logs: { destination: new logs.LogGroup(stack, 'Logs'), level: sfn.LogLevel.ALL, includeExecutionData },
    }));

  test('compliant: logging ALL without execution data (aws-cdk-lib default, or false)', () => {
    expect(outcomeOf(StateMachineExecutionDataExcluded, logged())).toBe('compliant');
    expect(outcomeOf(StateMachineExecutionDataExcluded, logged(false))).toBe('compliant');
  });

  test('compliant: no logging at all, so no execution data in logs (AwsSolutions-SF1 reports the missing logs)', () => {
    expect(outcomeOf(StateMachineExecutionDataExcluded, stateMachine())).toBe('compliant');
  });

  test('non-compliant: includeExecutionData true', () => {
    expect(outcomeOf(StateMachineExecutionDataExcluded, logged(true))).toBe('non-compliant');
    expect(
      check(StateMachineExecutionDataExcluded, flow({ LoggingConfiguration: { IncludeExecutionData: 'true' } })),
    ).toBe('non-compliant');
  });

  test('non-compliant: a value the template does not state (a condition may turn execution data on)', () => {
    const conditional = flow({
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: { 'Fn::If': ['Debug', true, false] } },
    });
    expect(check(StateMachineExecutionDataExcluded, conditional)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(StateMachineExecutionDataExcluded, UNRELATED)).toBe('not-applicable');
  });
});

describe('StateMachineLogging', () => {
  const logged = (stack: Stack, level: sfn.LogLevel) => ({
    logs: { destination: new logs.LogGroup(stack, 'Logs'), level },
  });

  test('compliant: every event to a log group', () => {
    expect(
      outcomeOf(
        StateMachineLogging,
        stateMachine((stack) => logged(stack, sfn.LogLevel.ALL)),
      ),
    ).toBe('compliant');
  });

  test('non-compliant: no logging, errors only, or Level ALL without a destination', () => {
    expect(outcomeOf(StateMachineLogging, stateMachine())).toBe('non-compliant');
    expect(
      outcomeOf(
        StateMachineLogging,
        stateMachine((stack) => logged(stack, sfn.LogLevel.ERROR)),
      ),
    ).toBe('non-compliant');
    expect(check(StateMachineLogging, flow({ LoggingConfiguration: { Level: 'ALL' } }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(StateMachineLogging, UNRELATED)).toBe('not-applicable');
  });
});

describe('StateMachineTracing', () => {
  test('compliant: tracingEnabled', () => {
    expect(
      outcomeOf(
        StateMachineTracing,
        stateMachine(() => ({ tracingEnabled: true })),
      ),
    ).toBe('compliant');
  });

  test('non-compliant: no TracingConfiguration, or Enabled false', () => {
    expect(outcomeOf(StateMachineTracing, stateMachine())).toBe('non-compliant');
    expect(check(StateMachineTracing, flow({ TracingConfiguration: { Enabled: false } }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(StateMachineTracing, UNRELATED)).toBe('not-applicable');
  });
});
