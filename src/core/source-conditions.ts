import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The conditions that scope an AWS service principal to the resources it acts for (confused-deputy protection,
 * "The confused deputy problem", IAM User Guide): this stack's account (`aws:SourceAccount`) and the source's ARN
 * or ARN pattern (`aws:SourceArn`, with `ArnLike`, which holds a literal ARN as well as a pattern).
 *
 * @param scope a construct of the stack whose account the service acts for
 * @param sourceArn the ARN, or an ARN pattern with `*`, of the resources the service acts for
 * @internal
 */
export function sourceConditions(scope: IConstruct, sourceArn: string): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
    ArnLike: { 'aws:SourceArn': sourceArn },
  };
}
