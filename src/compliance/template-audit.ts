import { existsSync, readFileSync, statSync } from 'fs';
import { dirname, extname, join, relative, resolve, sep } from 'path';
import { acknowledgedRuleId } from './acknowledged-id';
import { parseCloudFormationYaml } from './cfn-yaml';
import { functionPermissions } from './permissions';
import {
  ComplianceReport,
  createReport,
  fromTemplateAcknowledgment,
  fromTemplateFinding,
  ReportAcknowledgment,
  ReportFinding,
} from './reports/report';
import { RuleDefinition } from './rules/rule';
import { auditTemplate, InvalidTemplateError, RuleAcknowledgment } from './template-engine';

/**
 * A problem with what the user asked for (a missing path, a file that is not a template): exit code 2.
 * @internal
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.setPrototypeOf(this, UsageError.prototype);
  }
}

/**
 * One stack template to audit.
 * @internal
 */
export interface AuditTarget {
  /** The stack name (or the file name, for a lone template). */
  readonly stack: string;
  /** The template file's absolute path. */
  readonly file: string;
  /** The parsed template. */
  readonly template: unknown;
  /** The 1-based line of each resource, by logical id. */
  readonly lines: ReadonlyMap<string, number>;
  /** Acknowledgments recorded on constructs (cloud assembly metadata), by logical id. */
  readonly acknowledgments: ReadonlyMap<string, readonly RuleAcknowledgment[]>;
  /** Construct paths (cloud assembly metadata), by logical id. */
  readonly constructPaths: ReadonlyMap<string, string>;
}

/** aws-cdk-lib's construct metadata types, as written into the cloud assembly. */
const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';
const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';
/** Nested cloud assemblies (stages) deeper than this are not followed. */
const MAX_ASSEMBLY_DEPTH = 10;

/**
 * Audits a cloud assembly directory (`cdk.out`) or a single template file (JSON or YAML) with `rules`.
 *
 * @throws UsageError when the path is missing, unreadable, not valid JSON/YAML, or not a template
 * @internal
 */
export function audit(path: string, rules: readonly RuleDefinition[], cwd: string = process.cwd()): ComplianceReport {
  const targets = loadTargets(path);
  return createReport({ ...auditTargets(targets, rules, cwd), rules, permissions: functionPermissions(targets) });
}

/**
 * Runs `rules` on the templates of `targets`.
 *
 * @throws UsageError when a target is not a template
 * @internal
 */
export function auditTargets(
  targets: readonly AuditTarget[],
  rules: readonly RuleDefinition[],
  cwd: string,
): { findings: ReportFinding[]; acknowledgments: ReportAcknowledgment[] } {
  const findings: ReportFinding[] = [];
  const acknowledgments: ReportAcknowledgment[] = [];
  for (const target of targets) {
    const templatePath = relative(cwd, target.file).split(sep).join('/');
    const source = { stack: target.stack, templatePath, lines: target.lines };
    let evaluation;
    try {
      evaluation = auditTemplate(target.template, target.stack, rules, {
        acknowledgments: target.acknowledgments,
        constructPaths: target.constructPaths,
      });
    } catch (error) {
      if (error instanceof InvalidTemplateError) {
        throw new UsageError(`${target.file} is not a CloudFormation template: ${error.problem}`);
      }
      throw error;
    }
    findings.push(...evaluation.findings.map((f) => fromTemplateFinding(f, source, rules)));
    acknowledgments.push(...evaluation.acknowledgments.map((a) => fromTemplateAcknowledgment(a, source)));
  }
  return { findings, acknowledgments };
}

/**
 * The templates at `path`: every stack of a cloud assembly (nested assemblies included), or the one file.
 * @internal
 */
export function loadTargets(path: string): AuditTarget[] {
  if (!existsSync(path)) {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, 'manifest.json'))) {
      throw new UsageError(`${path}: not a cloud assembly (no manifest.json); pass cdk.out or a template file`);
    }
    return loadAssembly(path, 0);
  }
  const text = readText(path);
  const stack = path
    .split(/[\\/]/)
    .pop()!
    .replace(/\.(template\.)?(json|ya?ml)$/i, '');
  return [
    {
      stack,
      file: path,
      template: parseTemplateText(path, text),
      lines: resourceLines(text),
      acknowledgments: new Map(),
      constructPaths: new Map(),
    },
  ];
}

/**
 * The stacks whose templates are `templateFiles` (absolute paths inside cloud assemblies, as CDK passes them to
 * validation plugins), with the metadata their assembly's manifest records.
 * @internal
 */
export function loadStackTemplates(templateFiles: readonly string[]): AuditTarget[] {
  const wanted = new Set(templateFiles.map((f) => resolve(f)));
  const dirs = [...new Set([...wanted].map((f) => dirname(f)))];
  return dirs.flatMap((dir) => loadStacks(dir).filter((t) => wanted.has(resolve(t.file))));
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
  };
  readonly metadata?: StackMetadata;
  readonly additionalMetadataFile?: string;
}

type StackMetadata = Record<string, ReadonlyArray<{ readonly type: string; readonly data?: unknown }>>;

function readManifest(dir: string): Record<string, ManifestArtifact> {
  const manifestFile = join(dir, 'manifest.json');
  const manifest = parseJson(manifestFile, readText(manifestFile)) as { artifacts?: Record<string, ManifestArtifact> };
  return manifest.artifacts ?? {};
}

/** The stacks of the assembly in `dir` and of the assemblies nested in it. */
function loadAssembly(dir: string, depth: number): AuditTarget[] {
  const targets = loadStacks(dir);
  for (const artifact of Object.values(readManifest(dir))) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      if (depth >= MAX_ASSEMBLY_DEPTH) {
        throw new UsageError(`${dir}: cloud assemblies nested deeper than ${MAX_ASSEMBLY_DEPTH} levels`);
      }
      targets.push(...loadAssembly(join(dir, artifact.properties.directoryName), depth + 1));
    }
  }
  return targets;
}

/** The stacks of the assembly in `dir` only. */
function loadStacks(dir: string): AuditTarget[] {
  const targets: AuditTarget[] = [];
  for (const [id, artifact] of Object.entries(readManifest(dir))) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const file = join(dir, artifact.properties.templateFile);
      const text = readText(file);
      const metadata = stackMetadata(dir, artifact);
      const template = withResourcesSection(parseJson(file, text));
      const paths = constructPaths(metadata);
      const stack = artifact.displayName ?? artifact.properties.stackName ?? id;
      targets.push({
        stack,
        file,
        template,
        lines: resourceLines(text),
        acknowledgments: constructAcknowledgments(metadata, paths, stack, logicalIdsOf(template)),
        constructPaths: paths,
      });
    }
  }
  return targets;
}

function stackMetadata(dir: string, artifact: ManifestArtifact): StackMetadata {
  if (artifact.additionalMetadataFile) {
    const file = join(dir, artifact.additionalMetadataFile);
    if (existsSync(file)) {
      return { ...(artifact.metadata ?? {}), ...(parseJson(file, readText(file)) as StackMetadata) };
    }
  }
  return artifact.metadata ?? {};
}

/**
 * `Validations.of(construct).acknowledge(...)` as the cloud assembly records it: an acknowledgment on a
 * construct covers every resource under it, so each resource (by logical id) gets those of its path's prefixes.
 * A resource that no construct records (written into the template outside the L1 classes) is covered by those
 * recorded on its stack.
 */
function constructAcknowledgments(
  metadata: StackMetadata,
  paths: ReadonlyMap<string, string>,
  stackPath: string,
  logicalIds: readonly string[],
): Map<string, RuleAcknowledgment[]> {
  const byPath = new Map<string, RuleAcknowledgment[]>();
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === ACKNOWLEDGED_RULES_METADATA && entry.data && typeof entry.data === 'object') {
        const acks = Object.entries(entry.data as Record<string, unknown>)
          .filter((e): e is [string, string] => typeof e[1] === 'string')
          .map(([id, reason]) => ({ id: acknowledgedRuleId(id), reason }));
        const key = withoutLeadingSlash(path);
        byPath.set(key, [...(byPath.get(key) ?? []), ...acks]);
      }
    }
  }
  const result = new Map<string, RuleAcknowledgment[]>();
  if (byPath.size === 0) {
    return result;
  }
  for (const logicalId of logicalIds) {
    const path = paths.get(logicalId) ?? stackPath;
    const acks = [...byPath].filter(([p]) => path === p || path.startsWith(`${p}/`)).flatMap(([, a]) => a);
    if (acks.length > 0) {
      result.set(logicalId, acks);
    }
  }
  return result;
}

/** CDK writes the template of a stack without resources with no `Resources` section: read it as empty. */
function withResourcesSection(template: unknown): unknown {
  const isObject = typeof template === 'object' && template !== null && !Array.isArray(template);
  return isObject && !('Resources' in template) ? { ...template, Resources: {} } : template;
}

/** The logical ids of a template's resources; none when it has no `Resources` object (reported later). */
function logicalIdsOf(template: unknown): string[] {
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  return typeof resources === 'object' && resources !== null ? Object.keys(resources) : [];
}

function withoutLeadingSlash(path: string): string {
  return path.replace(/^\//, '');
}

/** Construct paths by logical id, from the `aws:cdk:logicalId` metadata every CloudFormation element records. */
function constructPaths(metadata: StackMetadata): Map<string, string> {
  const result = new Map<string, string>();
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === LOGICAL_ID_METADATA && typeof entry.data === 'string') {
        result.set(entry.data, withoutLeadingSlash(path));
      }
    }
  }
  return result;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseTemplateText(file: string, text: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    return parseJson(file, text);
  }
  if (ext === '.yaml' || ext === '.yml') {
    return parseYaml(file, text);
  }
  // Any other extension (`.template`, none): JSON if it parses, YAML otherwise.
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(file, text);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}

function parseYaml(file: string, text: string): unknown {
  try {
    return parseCloudFormationYaml(text);
  } catch (error) {
    throw new UsageError(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The line of each resource's key in the `Resources` section, found by text (JSON as CDK writes it, or
 * block-style YAML), so SARIF viewers can point at it. Resources the scan does not find have no line.
 */
function resourceLines(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const result = new Map<string, number>();
  const start = lines.findIndex((l) => /^\s*"?Resources"?\s*:/.test(l));
  if (start === -1) {
    return result;
  }
  const indent = (l: string) => l.length - l.trimStart().length;
  let childIndent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) {
      continue;
    }
    if (indent(line) <= indent(lines[start]) && !/^\s*[}\]]/.test(line)) {
      break;
    }
    childIndent ??= indent(line);
    const key = /^\s*"?([A-Za-z0-9]+)"?\s*:/.exec(line);
    if (key && indent(line) === childIndent && !result.has(key[1])) {
      result.set(key[1], i + 1);
    }
  }
  return result;
}
