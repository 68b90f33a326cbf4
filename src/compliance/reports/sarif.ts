import { baseRuleId } from '../decision-matcher';
import { messageOf } from '../result';
import { Location, Severity } from '../vocabulary';
import { FRAMEWORKS } from './frameworks';
import { ComplianceReport, ReportRule } from './model';

/** The published location of the SARIF 2.1.0 schema. */
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Tag prefixes of the framework ids in `properties.tags`. */
const TAG_PREFIX: Record<string, string> = {
  owasp: 'OWASP',
  hipaa: 'HIPAA',
  pci: 'PCI-DSS',
  nist: 'NIST-800-53',
  gdpr: 'GDPR',
};

/** GitHub code scanning reads `security-severity` (0-10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { [Severity.ERROR]: '8.0', [Severity.WARNING]: '5.0' };

/**
 * The report as a SARIF 2.1.0 log with one run: every rule in `tool.driver.rules`; every finding as a result
 * whose message says what is wrong and how to fix it, located at the source line that created the construct
 * when it is known, else at the construct path (a logical location), with the template location as related;
 * every finding a decision accepted as a result with an external suppression that carries the reason.
 * @internal
 */
export function writeSarifReport(report: ComplianceReport): string {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const results = [
    ...report.findings.map((f) => result(f.ruleId, f.severity, messageOf(f), f.location, index)),
    ...report.decisions.flatMap((d) =>
      d.accepted.map((a) => {
        const rule = rules.get(baseRuleId(a.ruleId));
        return {
          ...result(
            a.ruleId,
            rule?.severity ?? Severity.WARNING,
            `Accepted by a decision: ${a.ruleId} (the rule requires: ${rule?.requirement ?? 'see the rule'}). Reason: ${d.reason}`,
            a.location,
            index,
          ),
          suppressions: [{ kind: 'external', status: 'accepted', justification: d.reason }],
        };
      }),
    ),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            informationUri: report.tool.informationUri,
            version: report.tool.version,
            rules: report.rules.map(descriptor),
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: { generatedAt: report.generatedAt },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: ReportRule) {
  const controls = FRAMEWORKS.flatMap(({ key, title }) => {
    const ids = rule.frameworks[key] ?? [];
    return ids.length > 0 ? [{ title, ids, tags: ids.map((id) => `${TAG_PREFIX[key]}:${id}`) }] : [];
  });
  const mapping = controls.map((c) => `${c.title}: ${c.ids.join(', ')}`);
  const text = [rule.requirement, rule.explanation, ...mapping].filter(Boolean).join('\n');
  const markdown = [
    `**${rule.requirement}**`,
    ...(rule.explanation ? ['', rule.explanation] : []),
    ...(mapping.length > 0 ? ['', ...controls.map((c) => `- ${c.title}: ${c.ids.join(', ')}`)] : []),
  ].join('\n');
  return {
    id: rule.id,
    name: rule.id.slice(rule.pack.length + 1) || rule.id,
    shortDescription: { text: rule.requirement },
    fullDescription: { text: rule.explanation ?? rule.requirement },
    help: { text, markdown },
    defaultConfiguration: { level: rule.severity === Severity.ERROR ? 'error' : 'warning' },
    properties: {
      tags: [
        ...new Set([
          'security',
          rule.pack,
          ...(rule.control ? [`control:${rule.control}`] : []),
          ...controls.flatMap((c) => c.tags),
        ]),
      ],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function result(ruleId: string, severity: Severity, text: string, location: Location, index: Map<string, number>) {
  const ruleIndex = index.get(baseRuleId(ruleId));
  const logical = {
    name: location.constructPath.split('/').pop() || 'app',
    fullyQualifiedName: location.constructPath || 'app',
    kind: 'resource',
  };
  const physical = location.sourceFile
    ? {
        artifactLocation: { uri: encodeURI(location.sourceFile) },
        region: { startLine: location.sourceLine ?? 1 },
      }
    : undefined;
  const template = location.templatePath
    ? [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: encodeURI(location.templatePath) },
            ...(location.templateLine ? { region: { startLine: location.templateLine } } : {}),
          },
          message: {
            text: `Synthesized template${location.logicalId ? `: ${location.logicalId}` : ''}${location.stack ? ` in stack ${location.stack}` : ''}`,
          },
        },
      ]
    : [];
  return {
    ruleId: baseRuleId(ruleId),
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: severity === Severity.ERROR ? 'error' : 'warning',
    message: { text },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [logical] }],
    ...(template.length > 0 ? { relatedLocations: template } : {}),
    partialFingerprints: {
      'cdkSecureServerless/v1': [ruleId, location.stack ?? '', location.logicalId ?? location.constructPath].join('|'),
    },
    properties: {
      fullRuleId: ruleId,
      constructPath: location.constructPath,
      ...(location.resourceType ? { resourceType: location.resourceType } : {}),
    },
  };
}
