import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';

/**
 * The error for an opt-out given where the control it turns off stays on: it would record an exception that
 * does not exist.
 *
 * @param optOutProp the opt-out's prop path, for example `optOuts.mfa`
 * @param state why the control is still on, for example `mfa is REQUIRED (the default)`
 * @param weaken what to set to actually weaken the control, for example `mfa: Mfa.OPTIONAL`
 * @internal
 */
export function unusedOptOut(scope: IConstruct, optOutProp: string, state: string, weaken: string): SecureConfigError {
  return new SecureConfigError(scope, {
    code: SecureErrorCode.CONFLICTING_PROPS,
    prop: optOutProp,
    problem: `the opt-out is given, but ${state}, so it would record an exception that does not exist`,
    fix: `remove ${propRef(optOutProp)}, or set ${propRef(weaken)} if the control is really to be weakened`,
  });
}
