/**
 * The forms an acknowledgment's id takes, written once for every place that matches acknowledgments to
 * findings (the gate's matcher, for the construct tree and cloud assemblies alike). Pure: imports nothing.
 */

/**
 * The gate's name as a CDK validation plugin. aws-cdk-lib's report tells users to acknowledge a finding as
 * `<plugin name>::<rule id>`, and aws-cdk-lib 2.27x honours that form in its own verdict.
 * @internal
 */
export const GATE_PLUGIN_NAME = 'cdk-secure-serverless';

/**
 * Namespaces aws-cdk-lib may put before a rule id: `annotation::` (and `Annotation::`, `Construct-Annotations::`)
 * for ids given without one, and the gate's own plugin name.
 */
const NAMESPACE = new RegExp(`^(annotation|construct-annotations|${GATE_PLUGIN_NAME})::`, 'i');

/**
 * The rule id an acknowledgment recorded under `key` is for: `key` without the namespace aws-cdk-lib or the
 * user put before it, so that `AwsSolutions-IAM5[...]`, `annotation::AwsSolutions-IAM5[...]` and
 * `cdk-secure-serverless::AwsSolutions-IAM5[...]` all acknowledge the same finding.
 * @internal
 */
export function acknowledgedRuleId(key: string): string {
  return key.replace(NAMESPACE, '');
}
