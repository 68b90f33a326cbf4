import { RuleDefinition, RuleOutcome, TemplateContext, TemplateResource } from '../../../src/compliance/rules';

/** A template resource, as a rule receives it. */
export function resource(logicalId: string, type: string, properties: Record<string, unknown> = {}): TemplateResource {
  return { logicalId, type, properties };
}

/** A template context holding `resources`, by logical id. */
export function templateOf(...resources: TemplateResource[]): TemplateContext {
  return { resources: new Map(resources.map((r) => [r.logicalId, r])) };
}

/** Runs `rule` on `subject`, in a template that holds `subject` and `others`. */
export function check(rule: RuleDefinition, subject: TemplateResource, ...others: TemplateResource[]): RuleOutcome {
  return rule.check(subject, templateOf(subject, ...others));
}

/** A resource of a type no rule of this library reads. */
export const UNRELATED = resource('Bucket', 'AWS::S3::Bucket', { BucketName: 'data' });
