import { readFileSync } from 'fs';
import { join } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import type { AppliedRule } from '../packs';
import type { FunctionPermissions } from '../permissions';
import { Severity } from '../vocabulary';
import { FrameworkMapping, PACK_NAME, RuleDefinition } from '../rules/rule';
import { baseRuleId, TemplateAcknowledgment, TemplateFinding } from '../template-engine';

/**
 * The tool that produced a report.
 * @internal
 */
export interface ReportTool {
  /** The tool's name, `cdk-secure-serverless`. */
  readonly name: string;
  /** The tool's version. */
  readonly version: string;
  /** Where to read about the tool and its rules. */
  readonly informationUri: string;
}

/**
 * Where a finding or an acknowledgment is, as far as it is known.
 * @internal
 */
export interface ReportLocation {
  /** The construct path. @default - unknown */
  readonly constructPath?: string;
  /** The CloudFormation logical id. @default - unknown */
  readonly logicalId?: string;
  /** The CloudFormation resource type. @default - unknown */
  readonly resourceType?: string;
  /** The stack name. @default - unknown */
  readonly stack?: string;
  /** The stack template's path, relative to the working directory, with `/` separators. @default - unknown */
  readonly templatePath?: string;
  /** The 1-based line of the resource in the template file. @default - unknown */
  readonly templateLine?: number;
}

/**
 * One unacknowledged finding.
 * @internal
 */
export interface ReportFinding extends ReportLocation {
  /** The rule id, with the finding in brackets for granular rules. */
  readonly ruleId: string;
  /** Error or warning. */
  readonly severity: Severity;
  /** The pack that reported it (a `CompliancePack` value, for example `HIPAA.Security`). */
  readonly pack: string;
  /** What is wrong. */
  readonly message: string;
  /** The framework controls it maps to. */
  readonly frameworks: FrameworkMapping;
}

/**
 * One acknowledged finding or rule, with the reason.
 * @internal
 */
export interface ReportAcknowledgment extends ReportLocation {
  /** The acknowledged rule id. */
  readonly ruleId: string;
  /** The pack of the rule. */
  readonly pack: string;
  /** Why. */
  readonly reason: string;
  /** The severity the finding would have. @default - the rule's severity, when the rule is known */
  readonly severity?: Severity;
  /** What the rule found, when the acknowledgment covers an actual finding. @default - none */
  readonly message?: string;
  /** The framework controls the rule maps to. @default - the rule's mapping, filled in by `createReport` */
  readonly frameworks?: FrameworkMapping;
  /** True when it matched no finding of the packs that ran. @default false */
  readonly unused?: boolean;
}

/**
 * A rule the report refers to: every rule that ran (ours), and every cdk-nag rule that reported something.
 * @internal
 */
export interface ReportRule {
  /** The rule id without a finding suffix, for example `SecureServerless-LambdaPlaintextSecret`. */
  readonly id: string;
  /** The pack. */
  readonly pack: string;
  /** One line: what the rule wants (for cdk-nag rules, what it reported). */
  readonly title: string;
  /** Why it matters and how to fix it. @default - none (cdk-nag rules) */
  readonly explanation?: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The framework controls it maps to. */
  readonly frameworks: FrameworkMapping;
}

/**
 * A compliance report: the data that the JSON, SARIF and Markdown writers format.
 * @internal
 */
export interface ComplianceReport {
  /** When the report was made, ISO 8601. */
  readonly generatedAt: string;
  /** The tool that made it. */
  readonly tool: ReportTool;
  /** Unacknowledged findings. */
  readonly findings: ReportFinding[];
  /** Acknowledgments, with their reasons. */
  readonly acknowledgments: ReportAcknowledgment[];
  /** The rules the findings and acknowledgments refer to, and every rule of ours that ran. */
  readonly rules: ReportRule[];
  /** What each Lambda function's role lets it do, read from all the policies attached to the role. */
  readonly permissions: FunctionPermissions[];
}

/**
 * The frameworks the reports group by, in the order they are listed.
 * @internal
 */
export const FRAMEWORKS: ReadonlyArray<{ readonly key: keyof FrameworkMapping; readonly title: string }> = [
  { key: 'owasp', title: 'OWASP Serverless Top 10' },
  { key: 'hipaa', title: 'HIPAA Security Rule' },
  { key: 'pci', title: 'PCI DSS 3.2.1' },
  { key: 'nist', title: 'NIST 800-53 rev 5' },
  { key: 'gdpr', title: 'GDPR' },
];

/** The cdk-nag packs whose rules carry control ids of one framework in their messages. */
const PACK_FRAMEWORK: Record<string, keyof FrameworkMapping> = {
  'HIPAA.Security': 'hipaa',
  'NIST.800.53.R5': 'nist',
  'PCI.DSS.321': 'pci',
};

const INFORMATION_URI = 'https://github.com/cdk-secure-serverless/cdk-secure-serverless';

/**
 * This library's name and version, read from its package.json.
 * @internal
 */
export function toolInfo(): ReportTool {
  let version = '0.0.0';
  try {
    // src/compliance/reports and lib/compliance/reports are both three levels below the package root.
    version = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version ?? version;
  } catch {
    // Keep the placeholder: the version is informative only.
  }
  return { name: 'cdk-secure-serverless', version, informationUri: INFORMATION_URI };
}

/**
 * The pack a rule id belongs to: the part before the first `-` (`AwsSolutions-IAM5` → `AwsSolutions`).
 * @internal
 */
export function packOf(ruleId: string): string {
  const dash = ruleId.indexOf('-');
  return dash === -1 ? ruleId : ruleId.slice(0, dash);
}

/**
 * The framework controls a finding maps to: our rules carry their mapping; cdk-nag's HIPAA, NIST and PCI
 * rules name their control ids in the message (`... - (Control IDs: 164.312(b), ...)`).
 * @internal
 */
export function frameworksOf(ruleId: string, message: string, rules: readonly RuleDefinition[]): FrameworkMapping {
  const pack = packOf(ruleId);
  if (pack === PACK_NAME) {
    const rule = findRule(ruleId, rules);
    return rule ? copyMapping(rule.frameworks) : { owasp: [] };
  }
  const framework = PACK_FRAMEWORK[pack];
  if (!framework) {
    return { owasp: [] };
  }
  const controls = controlIdsOf(message);
  return { owasp: [], [framework]: controls.length > 0 ? controls : [baseRuleId(ruleId)] };
}

/** `... - (Control IDs: 164.312(a)(2)(iv), 164.312(e)(1)).` → the ids. */
function controlIdsOf(message: string): string[] {
  const match = /\(Control IDs?: ((?:[^()]|\([^()]*\))*)\)/.exec(message);
  return match
    ? match[1]
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0)
    : [];
}

function findRule(ruleId: string, rules: readonly RuleDefinition[]): RuleDefinition | undefined {
  const base = baseRuleId(ruleId);
  return rules.find((r) => `${PACK_NAME}-${r.name}` === base);
}

function copyMapping(m: FrameworkMapping): FrameworkMapping {
  return {
    owasp: [...m.owasp],
    ...(m.hipaa ? { hipaa: [...m.hipaa] } : {}),
    ...(m.pci ? { pci: [...m.pci] } : {}),
    ...(m.nist ? { nist: [...m.nist] } : {}),
    ...(m.gdpr ? { gdpr: [...m.gdpr] } : {}),
  };
}

/**
 * What {@link createReport} needs.
 * @internal
 */
export interface ReportInput {
  /** Unacknowledged findings. */
  readonly findings: readonly ReportFinding[];
  /** Acknowledgments. */
  readonly acknowledgments: readonly ReportAcknowledgment[];
  /** Our rules that ran: they are listed (passed or failed) even without findings. */
  readonly rules: readonly RuleDefinition[];
  /** cdk-nag rules that ran, with their text: listed like ours. @default - only those with findings or acknowledgments */
  readonly appliedRules?: readonly AppliedRule[];
  /** The functions' effective permissions. @default - none listed */
  readonly permissions?: readonly FunctionPermissions[];
  /** @default - now */
  readonly generatedAt?: Date;
  /** @default - this library, see {@link toolInfo} */
  readonly tool?: ReportTool;
}

/**
 * Assembles a report: findings and acknowledgments sorted, rule metadata for every rule they refer to.
 * @internal
 */
export function createReport(input: ReportInput): ComplianceReport {
  const rules = new Map<string, ReportRule>();
  for (const rule of input.rules) {
    const id = `${PACK_NAME}-${rule.name}`;
    rules.set(id, {
      id,
      pack: PACK_NAME,
      title: rule.title,
      explanation: rule.explanation,
      severity: rule.severity,
      frameworks: copyMapping(rule.frameworks),
    });
  }
  for (const applied of input.appliedRules ?? []) {
    if (!rules.has(applied.id)) {
      rules.set(applied.id, {
        id: applied.id,
        pack: packOf(applied.id),
        title: withoutControlIds(applied.info),
        explanation: applied.explanation,
        severity: applied.level === NagMessageLevel.ERROR ? Severity.ERROR : Severity.WARNING,
        frameworks: frameworksOf(applied.id, applied.info, input.rules),
      });
    }
  }
  const mentioned: Array<{ ruleId: string; message?: string; severity?: Severity; frameworks?: FrameworkMapping }> = [
    ...input.findings,
    ...input.acknowledgments,
  ];
  for (const item of mentioned) {
    const id = baseRuleId(item.ruleId);
    if (!rules.has(id)) {
      const message = item.message ?? id;
      rules.set(id, {
        id,
        pack: packOf(id),
        title: withoutControlIds(message),
        severity: item.severity ?? Severity.WARNING,
        frameworks: item.frameworks ?? frameworksOf(item.ruleId, message, input.rules),
      });
    }
  }
  const acknowledgments = input.acknowledgments.map((a) => {
    const rule = rules.get(baseRuleId(a.ruleId));
    return { ...a, severity: a.severity ?? rule?.severity, frameworks: a.frameworks ?? rule?.frameworks };
  });
  return {
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    tool: input.tool ?? toolInfo(),
    findings: [...input.findings].sort(compareItems),
    acknowledgments: acknowledgments.sort(compareItems),
    rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
    permissions: [...(input.permissions ?? [])].sort(
      (a, b) =>
        a.stack.localeCompare(b.stack) ||
        (a.constructPath ?? a.logicalId).localeCompare(b.constructPath ?? b.logicalId),
    ),
  };
}

/** `The ... enabled - (Control IDs: 164.312(b)).` → `The ... enabled`. */
function withoutControlIds(message: string): string {
  return message.replace(/\s*-\s*\(Control IDs?:.*$/, '');
}

function compareItems(a: ReportFinding | ReportAcknowledgment, b: ReportFinding | ReportAcknowledgment): number {
  const severity = (x: { severity?: Severity }) => (x.severity === Severity.ERROR ? 0 : 1);
  return (
    severity(a) - severity(b) ||
    (a.stack ?? '').localeCompare(b.stack ?? '') ||
    (a.logicalId ?? a.constructPath ?? '').localeCompare(b.logicalId ?? b.constructPath ?? '') ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/**
 * Where a template-level finding was found.
 * @internal
 */
export interface TemplateSource {
  /** The stack name. @default - the template name */
  readonly stack?: string;
  /** The template's path, relative, with `/` separators. @default - unknown */
  readonly templatePath?: string;
  /** The 1-based line of each resource in the template file, by logical id. @default - unknown */
  readonly lines?: ReadonlyMap<string, number>;
}

/**
 * A template engine finding as a report finding.
 * @internal
 */
export function fromTemplateFinding(
  finding: TemplateFinding,
  source: TemplateSource,
  rules: readonly RuleDefinition[],
): ReportFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    pack: PACK_NAME,
    message: finding.message,
    frameworks: frameworksOf(finding.ruleId, finding.message, rules),
    ...templateLocation(finding, source),
  };
}

/**
 * A template engine acknowledgment as a report acknowledgment.
 * @internal
 */
export function fromTemplateAcknowledgment(ack: TemplateAcknowledgment, source: TemplateSource): ReportAcknowledgment {
  return {
    ruleId: ack.ruleId,
    pack: PACK_NAME,
    reason: ack.reason,
    severity: ack.severity,
    message: ack.message,
    ...templateLocation(ack, source),
  };
}

function templateLocation(item: TemplateFinding, source: TemplateSource): ReportLocation {
  const line = source.lines?.get(item.logicalId);
  return {
    logicalId: item.logicalId,
    resourceType: item.resourceType,
    stack: source.stack ?? item.template,
    ...(item.constructPath ? { constructPath: item.constructPath } : {}),
    ...(source.templatePath ? { templatePath: source.templatePath } : {}),
    ...(line ? { templateLine: line } : {}),
  };
}

/**
 * Counts of a report, for summaries.
 * @internal
 */
export interface ReportTotals {
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
}

/** @internal */
export function totalsOf(report: ComplianceReport): ReportTotals {
  return {
    errors: report.findings.filter((f) => f.severity === Severity.ERROR).length,
    warnings: report.findings.filter((f) => f.severity === Severity.WARNING).length,
    acknowledged: report.acknowledgments.length,
  };
}
