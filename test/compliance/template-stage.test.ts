import { App, CfnElement, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ComplianceGate, CompliancePack, DecisionOrigin, Severity } from '../../src';
import { newStack, synthThroughGate } from '../support/compliance';

/**
 * A construct that writes resources straight into the template, as some third-party constructs and template
 * includes do: no CfnResource exists for them, so no construct-level rule ever sees them.
 */
class RawResources extends CfnElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly resources: Record<string, unknown>,
  ) {
    super(scope, id);
  }

  /** @internal */
  public _toCloudFormation(): object {
    return { Resources: this.resources };
  }
}

const LEAKY_FUNCTION = {
  LegacyFunction: {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::123456789012:role/legacy',
      Code: { ZipFile: 'exports.handler = async () => {}' },
      Environment: { Variables: { DB_PASSWORD: 'correct-horse-battery-staple' } },
    },
  },
};

describe('template stage', () => {
  test('catches a resource that exists only in the synthesized template', () => {
    // GIVEN
    const { app, stack } = newStack();
    new RawResources(stack, 'Legacy', LEAKY_FUNCTION);

    // WHEN
    const { gate, exitCode } = synthThroughGate(app, { printSummary: false });

    // THEN synth fails, on our rules only: no cdk-nag rule visits a resource without a CfnResource
    expect(exitCode).toBe(1);
    const violations = gate.result?.violations ?? [];
    expect(violations.every((v) => v.templateOnly && v.pack === CompliancePack.SECURE_SERVERLESS)).toBe(true);
    expect(violations).toContainEqual({
      pack: CompliancePack.SECURE_SERVERLESS,
      ruleId: 'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
      severity: Severity.ERROR,
      constructPath: 'TestStack/LegacyFunction',
      logicalId: 'LegacyFunction',
      stackName: 'TestStack',
      message: expect.stringMatching(/plaintext secret: DB_PASSWORD\. Fix: /),
      fix: expect.any(String),
      templateOnly: true,
    });
    expect(violations.map((v) => v.ruleId)).toEqual(
      expect.arrayContaining(['SecureServerless-LambdaInsideVpc', 'SecureServerless-LambdaTracing']),
    );
  });

  test('ComplianceGate.check runs the template stage too', () => {
    const { stack } = newStack();
    new RawResources(stack, 'Legacy', LEAKY_FUNCTION);

    const ruleIds = ComplianceGate.check(stack).violations.map((v) => v.ruleId);

    expect(ruleIds).toContain('SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]');
  });

  test('honours acknowledgments recorded on the stack or the app', () => {
    const { app, stack } = newStack();
    new RawResources(stack, 'Legacy', LEAKY_FUNCTION);
    Validations.of(stack).acknowledge({
      id: 'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
      reason: 'Rotated test value',
    });

    const result = ComplianceGate.check(app);

    expect(result.violations.map((v) => v.ruleId)).not.toContain('SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]');
    expect(result.violations.map((v) => v.ruleId)).toContain('SecureServerless-LambdaInsideVpc');
    expect(result.acknowledgments).toContainEqual({
      ruleIds: ['SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]'],
      reason: 'Rotated test value',
      origin: DecisionOrigin.TEAM,
      constructPath: 'TestStack',
      accepted: 1,
    });
  });

  test('does not repeat what the construct stage found on the same resource', () => {
    const { stack } = newStack();
    new lambda.Function(stack, 'Plain', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });

    const violations = ComplianceGate.check(stack, { packs: [CompliancePack.SECURE_SERVERLESS] }).violations;

    const keys = violations.map((v) => `${v.ruleId} at ${v.constructPath}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('SecureServerless-LambdaInsideVpc at TestStack/Plain/Resource');
    expect(violations.some((v) => v.templateOnly)).toBe(false);
  });

  test('runs only with the SecureServerless pack, like the construct stage of our rules', () => {
    const { stack } = newStack();
    new RawResources(stack, 'Legacy', LEAKY_FUNCTION);

    const result = ComplianceGate.check(stack, { packs: [CompliancePack.AWS_SOLUTIONS] });

    expect(result.violations).toEqual([]);
  });

  test('reads each stack of a nested stage', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const nested = new Stack(stage, 'Service');
    new RawResources(nested, 'Legacy', LEAKY_FUNCTION);

    const violation = ComplianceGate.check(app).violations.find((v) => v.ruleId.includes('DB_PASSWORD'));

    expect(violation).toMatchObject({ constructPath: 'Prod/Service/LegacyFunction', stackName: 'Prod/Service' });
  });

  test('reads the templates of nested stacks, traced to their construct paths', () => {
    // GIVEN a function with a plaintext secret inside a nested stack, whose template the cloud assembly lists
    // as a file asset of its parent, not as a stack
    const { app, stack } = newStack();
    const nested = new NestedStack(stack, 'Inner');
    new lambda.Function(nested, 'Leaky', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
      environment: { DB_PASSWORD: 'correct-horse-battery-staple' },
    });

    // WHEN
    const result = ComplianceGate.check(app, { packs: [CompliancePack.SECURE_SERVERLESS] });

    // THEN
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        ruleId: 'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
        constructPath: 'TestStack/Inner/Leaky/Resource',
        stackName: 'TestStack/Inner',
      }),
    );
    expect(
      result.violations.find((v) => v.constructPath === 'TestStack/Inner/Leaky/Resource')?.templateOnly,
    ).toBeUndefined();
  });
});
