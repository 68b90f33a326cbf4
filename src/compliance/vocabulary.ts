/**
 * The gate's vocabulary: how serious a finding is and who made a decision. Imports nothing, so that rules,
 * packs, the gate, the reports and the CLI can all use it without depending on each other.
 */

/**
 * How serious a finding is.
 */
export enum Severity {
  /** Fails synth. */
  ERROR = 'error',
  /** Reported; fails synth only with `warningsAsErrors`. */
  WARNING = 'warning',
}
