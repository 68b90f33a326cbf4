import { Severity } from '../vocabulary';
import { baseRuleId } from '../template-engine';
import { ComplianceReport, FRAMEWORKS, ReportAcknowledgment, ReportFinding, ReportRule } from './report';

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
 * The report as a SARIF 2.1.0 log with one run: every rule in `tool.driver.rules`, every finding as a result
 * located in its stack template (artifact) and at its logical id (logical location), and every acknowledgment
 * as a result with an external suppression that carries the reason.
 * @internal
 */
export function writeSarifReport(report: ComplianceReport): string {
  const rules = report.rules.map(toDescriptor);
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const severityOf = new Map(report.rules.map((r) => [r.id, r.severity]));
  const results = [
    ...report.findings.map((f) => toResult(f, f.severity, index)),
    ...report.acknowledgments.map((a) => ({
      ...toResult(a, a.severity ?? severityOf.get(baseRuleId(a.ruleId)) ?? Severity.WARNING, index),
      suppressions: [{ kind: 'external', status: 'accepted', justification: a.reason }],
    })),
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
            rules,
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

function toDescriptor(rule: ReportRule) {
  const controls = FRAMEWORKS.flatMap(({ key, title }) => {
    const ids = rule.frameworks[key] ?? [];
    return ids.length > 0 ? [{ title, ids, tags: ids.map((id) => `${TAG_PREFIX[key]}:${id}`) }] : [];
  });
  const mapping = controls.map((c) => `${c.title}: ${c.ids.join(', ')}`);
  const text = [rule.title, rule.explanation, ...mapping].filter(Boolean).join('\n');
  const markdown = [
    `**${rule.title}**`,
    ...(rule.explanation ? ['', rule.explanation] : []),
    ...(mapping.length > 0 ? ['', ...controls.map((c) => `- ${c.title}: ${c.ids.join(', ')}`)] : []),
  ].join('\n');
  return {
    id: rule.id,
    name: rule.id.slice(rule.pack.length + 1) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation ?? rule.title },
    help: { text, markdown },
    defaultConfiguration: { level: rule.severity === Severity.ERROR ? 'error' : 'warning' },
    properties: {
      tags: unique(['security', rule.pack, ...controls.flatMap((c) => c.tags)]),
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function toResult(item: ReportFinding | ReportAcknowledgment, severity: Severity, index: Map<string, number>) {
  const ruleId = baseRuleId(item.ruleId);
  const ruleIndex = index.get(ruleId);
  const where = item.logicalId ?? item.constructPath;
  const text = `${item.ruleId}: ${item.message ?? ruleId}${where ? ` (${where}${item.stack ? ` in ${item.stack}` : ''})` : ''}`;
  const logicalLocation = where
    ? [
        {
          name: where,
          fullyQualifiedName: item.constructPath ?? (item.stack ? `${item.stack}/${where}` : where),
          kind: 'resource',
        },
      ]
    : [];
  const location = {
    ...(item.templatePath
      ? {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(item.templatePath) },
            ...(item.templateLine ? { region: { startLine: item.templateLine } } : {}),
          },
        }
      : {}),
    ...(logicalLocation.length > 0 ? { logicalLocations: logicalLocation } : {}),
  };
  return {
    ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: severity === Severity.ERROR ? 'error' : 'warning',
    message: { text },
    locations: Object.keys(location).length > 0 ? [location] : [],
    partialFingerprints: {
      'cdkSecureServerless/v1': [item.ruleId, item.stack ?? '', item.logicalId ?? item.constructPath ?? ''].join('|'),
    },
    properties: {
      fullRuleId: item.ruleId,
      ...(item.resourceType ? { resourceType: item.resourceType } : {}),
    },
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
