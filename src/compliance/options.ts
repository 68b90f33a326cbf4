import { CompliancePack, VulnerabilitySeverity } from './vocabulary';

/**
 * Options shared by `ComplianceGate.apply` and `ComplianceGate.check`.
 */
export interface ComplianceCheckOptions {
  /**
   * The packs to run.
   *
   * @default - all: AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1, Serverless and SecureServerless
   */
  readonly packs?: CompliancePack[];

  /**
   * Treat warnings as errors, so that an unaccepted warning fails synth too.
   *
   * @default false
   */
  readonly warningsAsErrors?: boolean;

  /**
   * Add each rule's explanation (why it matters) to its findings' messages.
   *
   * @default false
   */
  readonly verbose?: boolean;

  /**
   * Fail on decisions that accept no finding of the packs that run (`SecureServerless-UnusedAcknowledgment`),
   * instead of listing them as warnings.
   *
   * @default false
   */
  readonly failOnUnusedAcknowledgments?: boolean;

  /**
   * The day decisions' `expires` dates are judged against, `YYYY-MM-DD`: a decision whose last day is before it
   * has expired and fails the gate. Set it to check ahead of time, or to make a build reproducible.
   *
   * @default - today, in UTC
   */
  readonly today?: string;

  /**
   * An OSV export to match every function's bill of materials against, offline: a directory of OSV JSON records
   * (searched recursively, zips inside it included), or a zip as OSV publishes per ecosystem
   * (`https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip`, `.../PyPI/all.zip`). Each match is a
   * finding of `SecureServerless-LambdaVulnerableDependency[<package>@<version>:<advisory>]`, which a decision can
   * accept per advisory, with a reason and an expiry. A path that holds no record fails synth.
   *
   * @default - no vulnerability check runs: the bills of materials are still written, and the summary and the
   * reports say that no check ran
   */
  readonly vulnerabilityDatabase?: string;

  /**
   * The least severe vulnerability that fails synth; less severe ones are reported as warnings. A vulnerability
   * whose advisory gives no severity counts as high.
   *
   * @default VulnerabilitySeverity.HIGH (high and critical fail synth)
   */
  readonly vulnerabilityThreshold?: VulnerabilitySeverity;
}
