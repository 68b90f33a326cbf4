import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationContextBeta1, Stack } from 'aws-cdk-lib';
import { ComplianceGate, ComplianceResult } from '../../src';

/** A stack with an explicit account and region, as the Control Tower checks expect. */
export function newStack(id = 'TestStack'): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

/** The findings of all five cdk-nag packs, as `ruleId at path` lines, for readable assertions. */
export function nagFindings(app: App): string[] {
  const result: ComplianceResult = ComplianceGate.check(app);
  return result.violations.map((v) => `${v.severity} ${v.ruleId} at ${v.constructPath}`);
}

/** The AWS Control Tower proactive controls that cfn-guard fails on the app's synthesized templates. */
export function controlTowerFailures(app: App): string[] {
  const assembly = app.synth();
  const context: IPolicyValidationContextBeta1 = {
    templatePaths: assembly.stacks.map((s) => s.templateFullPath),
    appConstruct: app,
  };
  const report = new CfnGuardValidator({}).validate(context);
  const failures = report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId}`),
  );
  if (!report.success && failures.length === 0) {
    throw new Error(`cfn-guard failed without findings: ${JSON.stringify(report.metadata)}`);
  }
  return failures;
}
