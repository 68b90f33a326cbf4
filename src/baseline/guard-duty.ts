import { Token } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { Construct } from 'constructs';
import { BaselineGuardDutyOptions } from './security-baseline-props';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';

/** What GuardDuty's detector ids look like: 32 lowercase letters and digits. */
const DETECTOR_ID = /^[a-z0-9]{32}$/;

/**
 * The GuardDuty detector of the baseline, or the id of the one the account has: a detector with S3 protection
 * (the `S3_DATA_EVENTS` feature) and Lambda network activity monitoring (the `LAMBDA_NETWORK_LOGS` feature),
 * findings published every 15 minutes.
 *
 * Both are given as `Features`, the only way to turn on Lambda protection. The detector's schema allows
 * `DataSources` or `Features`, not both (cfn-lint E3063), so `DataSources.S3Logs` stays unset, and AWS Control
 * Tower's CT.GUARDDUTY.PR.1, which looks only at that older property, fails although S3 protection is on.
 * @returns the detector's id
 * @internal
 */
export function createDetector(scope: Construct, options: BaselineGuardDutyOptions): string {
  const existing = options.existingDetectorId;
  if (existing !== undefined) {
    if (!Token.isUnresolved(existing) && !DETECTOR_ID.test(existing)) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'guardDuty.existingDetectorId',
        problem: `'${existing}' is not a GuardDuty detector id (32 lowercase letters and digits)`,
        fix: `give the id 'aws guardduty list-detectors' prints, or leave ${propRef('guardDuty.existingDetectorId')} out to create a detector`,
      });
    }
    return existing;
  }
  const detector = new guardduty.CfnDetector(scope, 'GuardDutyDetector', {
    enable: true,
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    features: [
      { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
      { name: 'LAMBDA_NETWORK_LOGS', status: 'ENABLED' },
    ],
  });
  return detector.ref;
}
