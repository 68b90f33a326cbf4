import { Severity } from './vocabulary';
import { PACK_NAME, RuleDefinition, RuleOutcome, TemplateContext, TemplateResource } from './rules/rule';

/**
 * One rule that one resource of a synthesized template breaks.
 * @internal
 */
export interface TemplateFinding {
  /** `SecureServerless-<name>`, with the finding in brackets for granular rules: `...LambdaPlaintextSecret[DB_PASSWORD]`. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's CloudFormation type. */
  readonly resourceType: string;
  /** The name of the template, as the caller gave it (a stack name or a file name). */
  readonly template: string;
  /** What is wrong: the rule's title. */
  readonly message: string;
  /**
   * The construct path, when the template records it (`Metadata['aws:cdk:path']`).
   * @default - unknown
   */
  readonly constructPath?: string;
}

/**
 * A finding that the template's metadata (or the caller) acknowledges, with the reason.
 * @internal
 */
export interface TemplateAcknowledgment extends TemplateFinding {
  /** Why the finding is accepted. */
  readonly reason: string;
}

/**
 * Everything the rules said about one template.
 * @internal
 */
export interface TemplateEvaluation {
  /** Unacknowledged findings. */
  readonly findings: TemplateFinding[];
  /** Findings that an acknowledgment covers. */
  readonly acknowledgments: TemplateAcknowledgment[];
}

/**
 * One acknowledgment, in cdk-nag's `rules_to_suppress` format: `{ id, reason }`, with cdk-nag v2's optional
 * `appliesTo` list of findings (strings, or `{ regex: '/.../' }`) for granular rules.
 * @internal
 */
export interface RuleAcknowledgment {
  /** The rule id, with or without a `[finding]` suffix. */
  readonly id: string;
  /** Why. */
  readonly reason: string;
  /** The findings it covers when `id` has no suffix. @default - all of the rule's findings */
  readonly appliesTo?: ReadonlyArray<string | { readonly regex: string }>;
}

/**
 * Options of {@link auditTemplate}.
 * @internal
 */
export interface AuditTemplateOptions {
  /**
   * Acknowledgments that do not live in the template, by logical id (for example those a cloud assembly's
   * construct metadata records). Applied in addition to each resource's `Metadata.cdk_nag.rules_to_suppress`.
   *
   * @default - only the template's own metadata
   */
  readonly acknowledgments?: ReadonlyMap<string, readonly RuleAcknowledgment[]>;

  /**
   * Construct paths by logical id, for resources whose template metadata does not record `aws:cdk:path` (a cloud
   * assembly's manifest records them as `aws:cdk:logicalId` metadata).
   *
   * @default - only the template's own metadata
   */
  readonly constructPaths?: ReadonlyMap<string, string>;
}

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
 * Runs `rules` on every resource of a synthesized CloudFormation template and returns the unacknowledged
 * findings. Acknowledged findings are left out: use {@link auditTemplate} to get them too.
 *
 * @throws InvalidTemplateError when `template` has no `Resources` object whose values have a string `Type`
 * @internal
 */
export function evaluateTemplate(
  template: unknown,
  templateName: string,
  rules: readonly RuleDefinition[],
): TemplateFinding[] {
  return auditTemplate(template, templateName, rules).findings;
}

/**
 * Runs `rules` on every resource of a synthesized CloudFormation template. A finding that the resource's
 * `Metadata.cdk_nag.rules_to_suppress` (cdk-nag's audit format) or `options.acknowledgments` acknowledges,
 * by its exact id or by the id without the `[finding]` suffix, is returned as an acknowledgment.
 *
 * @throws InvalidTemplateError when `template` has no `Resources` object whose values have a string `Type`
 * @internal
 */
export function auditTemplate(
  template: unknown,
  templateName: string,
  rules: readonly RuleDefinition[],
  options: AuditTemplateOptions = {},
): TemplateEvaluation {
  const parsed = parseTemplate(template, templateName);
  const context: TemplateContext = { resources: new Map(parsed.map((r) => [r.resource.logicalId, r.resource])) };
  const findings: TemplateFinding[] = [];
  const acknowledgments: TemplateAcknowledgment[] = [];

  for (const { resource, metadata } of parsed) {
    const acks = [...readAcknowledgments(metadata), ...(options.acknowledgments?.get(resource.logicalId) ?? [])];
    const constructPath =
      typeof metadata?.['aws:cdk:path'] === 'string'
        ? metadata['aws:cdk:path']
        : options.constructPaths?.get(resource.logicalId);
    for (const rule of rules) {
      for (const { ruleId, finding, message } of runRule(rule, resource, context)) {
        const result: TemplateFinding = {
          ruleId,
          severity: rule.severity,
          logicalId: resource.logicalId,
          resourceType: resource.type,
          template: templateName,
          message,
          ...(constructPath ? { constructPath } : {}),
        };
        const ack = acks.find((a) => covers(a, ruleId, finding));
        if (ack) {
          acknowledgments.push({ ...result, reason: ack.reason });
        } else {
          findings.push(result);
        }
      }
    }
  }
  return { findings, acknowledgments };
}

interface ParsedResource {
  readonly resource: TemplateResource;
  readonly metadata?: { readonly [key: string]: any };
}

function parseTemplate(template: unknown, templateName: string): ParsedResource[] {
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

interface RuleHit {
  readonly ruleId: string;
  readonly finding?: string;
  readonly message: string;
}

function runRule(rule: RuleDefinition, resource: TemplateResource, context: TemplateContext): RuleHit[] {
  const ruleId = `${PACK_NAME}-${rule.name}`;
  let outcome: RuleOutcome;
  try {
    outcome = rule.check(resource, context);
  } catch (error) {
    // A rule that crashes must not pass silently (cdk-nag reports it as a violation too).
    return [{ ruleId, message: `${rule.title} (the rule failed to run: ${(error as Error).message})` }];
  }
  if (outcome === 'non-compliant') {
    return [{ ruleId, message: rule.title }];
  }
  if (Array.isArray(outcome)) {
    return outcome.map((finding) => ({ ruleId: `${ruleId}[${finding}]`, finding, message: rule.title }));
  }
  return [];
}

/** The acknowledgments in a resource's `Metadata.cdk_nag.rules_to_suppress`; malformed entries are ignored. */
function readAcknowledgments(metadata: { readonly [key: string]: any } | undefined): RuleAcknowledgment[] {
  const entries = metadata?.cdk_nag?.rules_to_suppress;
  if (!Array.isArray(entries)) {
    return [];
  }
  return entries.filter(
    (e): e is RuleAcknowledgment => isObject(e) && typeof e.id === 'string' && typeof e.reason === 'string',
  );
}

/**
 * The first of `acks` that covers the finding `ruleId` (with its `[finding]` suffix, if any).
 * @internal
 */
export function acknowledgmentOf(acks: readonly RuleAcknowledgment[], ruleId: string): RuleAcknowledgment | undefined {
  const bracket = ruleId.indexOf('[');
  const finding = bracket === -1 ? undefined : ruleId.slice(bracket + 1, -1);
  return acks.find((a) => covers(a, ruleId, finding));
}

function covers(ack: RuleAcknowledgment, ruleId: string, finding: string | undefined): boolean {
  if (ack.id === ruleId) {
    return true;
  }
  if (finding === undefined || ack.id !== baseRuleId(ruleId)) {
    return false;
  }
  if (!Array.isArray(ack.appliesTo)) {
    return true;
  }
  return ack.appliesTo.some((pattern) =>
    typeof pattern === 'string' ? pattern === finding : isObject(pattern) && matchesRegex(pattern.regex, finding),
  );
}

function matchesRegex(regex: unknown, finding: string): boolean {
  if (typeof regex !== 'string') {
    return false;
  }
  const literal = /^\/(.*)\/([a-z]*)$/.exec(regex);
  try {
    return (literal ? new RegExp(literal[1], literal[2]) : new RegExp(regex)).test(finding);
  } catch {
    return false;
  }
}

/**
 * The rule id without its `[finding]` suffix.
 * @internal
 */
export function baseRuleId(ruleId: string): string {
  const bracket = ruleId.indexOf('[');
  return bracket === -1 ? ruleId : ruleId.slice(0, bracket);
}

function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
