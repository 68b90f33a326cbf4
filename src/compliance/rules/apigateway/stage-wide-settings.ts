/**
 * A REST API stage's stage-wide method setting: the `MethodSettings` entry for every resource and method
 * (`ResourcePath '/*'`, `HttpMethod '*'`), which ApiExecutionLogging and ApiThrottling read, for their Guard twins.
 */

/** Guard clauses: the stage has a stage-wide method setting. */
export const GUARD_HAS_STAGE_WIDE_SETTING = `%properties.MethodSettings exists <<MESSAGE>>
some %properties.MethodSettings[*] {
  ResourcePath is_string <<MESSAGE>>
  ResourcePath == '/*' <<MESSAGE>>
  HttpMethod is_string <<MESSAGE>>
  HttpMethod == '*' <<MESSAGE>>
}`;

/** A Guard condition, inside a block on one `MethodSettings` entry: it is the stage-wide one. */
export const GUARD_IS_STAGE_WIDE = "ResourcePath is_string ResourcePath == '/*' HttpMethod is_string HttpMethod == '*'";
