import { Stack } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { BaselineSecurityHubOptions, SecurityHubStandard } from './security-baseline-props';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';

/** What the baseline enables unless told otherwise. */
const DEFAULT_STANDARDS = [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES];

/**
 * The ARN of a standard in this region: `arn:<partition>:securityhub:<region>::standards/<name>/v/<version>`
 * ("Security Hub standards reference", AWS Security Hub User Guide). Only the retired CIS v1.2.0 has the other
 * form (`::ruleset/...` without a region), and it is not offered.
 * @internal
 */
export function standardArn(scope: Construct, standard: SecurityHubStandard): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:securityhub:${stack.region}::standards/${standard}`;
}

/**
 * Security Hub with exactly the standards asked for (not Security Hub's own defaults, so that removing one from
 * the props disables it), consolidated control findings (one finding per control across standards), and new
 * controls of enabled standards enabled automatically.
 * @internal
 */
export function createSecurityHub(
  scope: Construct,
  options: BaselineSecurityHubOptions,
): { hub: securityhub.CfnHub; standards: securityhub.CfnStandard[] } {
  const wanted = options.standards ?? DEFAULT_STANDARDS;
  if (wanted.length === 0) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'securityHub.standards',
      problem: 'the list is empty, so Security Hub would check nothing',
      fix: `name at least one standard, or set ${propRef('optOuts.securityHub')} with a reason`,
    });
  }
  const hub = new securityhub.CfnHub(scope, 'SecurityHub', {
    enableDefaultStandards: false,
    controlFindingGenerator: 'SECURITY_CONTROL',
    autoEnableControls: true,
  });
  const standards = [...new Set(wanted)].map((standard) => {
    const cfn = new securityhub.CfnStandard(scope, `SecurityHubStandard${standardId(standard)}`, {
      standardsArn: standardArn(scope, standard),
    });
    cfn.node.addDependency(hub);
    return cfn;
  });
  return { hub, standards };
}

/** `nist-800-53/v/5.0.0` as `Nist80053V500`. */
function standardId(standard: SecurityHubStandard): string {
  return standard
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
