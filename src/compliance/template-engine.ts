import { PACK_NAME, RuleDefinition, RuleOutcome, TemplateContext, TemplateResource } from './rules/rule';
import { isObject } from './rules/template-values';

/**
 * Thrown when the input is not a CloudFormation template.
 * @internal
 */
export class InvalidTemplateError extends Error {
  /** What is wrong with the template, for example `it has no "Resources" object`. */
  public readonly problem: string;

  constructor(templateName: string, problem: string) {
    super(`${templateName} is not a CloudFormation template: ${problem}`);
    this.name = 'InvalidTemplateError';
    this.problem = problem;
    Object.setPrototypeOf(this, InvalidTemplateError.prototype);
  }
}

/**
 * One resource of a template, with its metadata.
 * @internal
 */
export interface ParsedResource {
  readonly resource: TemplateResource;
  /** The resource's `Metadata` section. @default - none */
  readonly metadata?: { readonly [key: string]: any };
}

/**
 * The resources of a template, checked to be a CloudFormation template.
 *
 * @throws InvalidTemplateError when `template` has no `Resources` object whose values have a string `Type`
 * @internal
 */
export function parseTemplate(template: unknown, templateName: string): ParsedResource[] {
  if (!isObject(template)) {
    throw new InvalidTemplateError(templateName, 'expected an object');
  }
  const resources = template.Resources;
  if (!isObject(resources)) {
    throw new InvalidTemplateError(templateName, 'it has no "Resources" object');
  }
  return Object.entries(resources).map(([logicalId, body]) => {
    if (!isObject(body) || typeof body.Type !== 'string') {
      throw new InvalidTemplateError(templateName, `resource "${logicalId}" has no string "Type"`);
    }
    return {
      resource: { logicalId, type: body.Type, properties: isObject(body.Properties) ? body.Properties : {} },
      metadata: isObject(body.Metadata) ? body.Metadata : undefined,
    };
  });
}

/**
 * What one rule said about one resource.
 * @internal
 */
export interface RuleHit {
  /** `SecureServerless-<name>`, with the finding in brackets for granular rules. */
  readonly ruleId: string;
  /** The granular finding (an environment variable name, ...). @default - the rule has none */
  readonly finding?: string;
  /** Why the rule could not decide, when it failed to run. @default - it ran */
  readonly crashed?: string;
}

/**
 * Runs `rule` on `resource`: undefined when the rule does not apply, else the findings (none when compliant).
 * A rule that throws is a finding, as cdk-nag reports it, never a silent pass.
 * @internal
 */
export function runRule(
  rule: RuleDefinition,
  resource: TemplateResource,
  context: TemplateContext,
): RuleHit[] | undefined {
  const ruleId = `${PACK_NAME}-${rule.name}`;
  let outcome: RuleOutcome;
  try {
    outcome = rule.check(resource, context);
  } catch (error) {
    return [{ ruleId, crashed: (error as Error).message }];
  }
  if (outcome === 'not-applicable') {
    return undefined;
  }
  if (outcome === 'non-compliant') {
    return [{ ruleId }];
  }
  if (Array.isArray(outcome)) {
    return outcome.map((finding) => ({ ruleId: `${ruleId}[${finding}]`, finding }));
  }
  return [];
}
