/**
 * fast-check arbitraries for the property-based compliance tests (`*.property.test.ts`).
 *
 * The arbitraries generate plain-data specs (so that fast-check prints a readable counterexample), and the
 * `build*` functions turn a spec into constructs. Every spec is a configuration the constructs document as
 * valid; resources a user brings (keys, topics, backup plans, security groups, user pools) are built the way a
 * user of this library who follows its README would build them, so that a finding can only come from our
 * constructs.
 */
export * from './harness';
export * from './shared';
export * from './table';
export * from './function';
export * from './api';
export * from './network';
