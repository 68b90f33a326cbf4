import { ComplianceResult } from './result';

/**
 * What `ComplianceGate.assertCompliant` throws: a message a test runner shows as it is, one line per finding.
 * @internal
 */
export class ComplianceAssertionError extends Error {
  /** The failed result, for tests that want more than the message. */
  public readonly result: ComplianceResult;

  constructor(scopePath: string, result: ComplianceResult) {
    const findings = result.violations.map((v) => {
      const where = v.logicalId ? ` (logical id ${v.logicalId} in ${v.stackName})` : '';
      return `  [${v.severity}] ${v.ruleId} at ${v.constructPath}${where}: ${v.message}`;
    });
    super(
      [
        `${result.violations.length} unaccepted compliance finding(s) in ${scopePath || 'the app'}:`,
        ...findings,
        'Fix each resource, or accept the finding with a reason: an opt-out prop, or ComplianceDecisions.of(construct).acknowledge.',
      ].join('\n'),
    );
    this.name = 'ComplianceAssertionError';
    this.result = result;
    Object.setPrototypeOf(this, ComplianceAssertionError.prototype);
  }
}
