import { existsSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { decisionsOfEntries, MetadataEntry } from './decision-sources';
import { isObject } from './rules/template-values';
import { parseJson, parseTemplateText, readText, resourceLines, TemplateLoadError } from './template-files';
import { Decision } from './vocabulary';

/**
 * One stack template to check.
 * @internal
 */
export interface AuditTarget {
  /** The stack name (its display name: the stack's construct path), or the file name for a lone template. */
  readonly stack: string;
  /** The template file's absolute path. */
  readonly file: string;
  /** The parsed template. */
  readonly template: unknown;
  /** The 1-based line of a resource in the template file, by logical id (the text is scanned on first use). */
  readonly lineOf: (logicalId: string) => number | undefined;
  /** Construct paths (cloud assembly metadata), by logical id. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** The decisions the assembly's metadata records on the stack's constructs. */
  readonly decisions: readonly Decision[];
  /** The assembly's metadata entries, by construct path (creation stacks, for source locations). */
  readonly metadata: ReadonlyMap<string, readonly MetadataEntry[]>;
}

/** aws-cdk-lib's metadata type of a CloudFormation element's logical id. */
const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';
/** Nested cloud assemblies (stages) deeper than this are not followed. */
const MAX_ASSEMBLY_DEPTH = 10;

/**
 * The templates at `path`: every stack of a cloud assembly (nested assemblies included), or the one file.
 * @throws TemplateLoadError when the path is missing, unreadable, not valid JSON/YAML, or not an assembly
 * @internal
 */
export function loadTargets(path: string): AuditTarget[] {
  if (!existsSync(path)) {
    throw new TemplateLoadError(`${path}: no such file or directory`);
  }
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, 'manifest.json'))) {
      throw new TemplateLoadError(`${path}: not a cloud assembly (no manifest.json); pass cdk.out or a template file`);
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
      lineOf: lineFinder(text),
      constructPaths: new Map(),
      decisions: [],
      metadata: new Map(),
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

/**
 * One synthesized template file, with the construct paths of its resources; its decisions are the tree's.
 * @internal
 */
export function readTemplateFile(file: string, stack: string, paths: ReadonlyMap<string, string>): AuditTarget {
  const text = readText(file);
  return {
    stack,
    file,
    template: withResourcesSection(parseJson(file, text)),
    lineOf: lineFinder(text),
    constructPaths: paths,
    decisions: [],
    metadata: new Map(),
  };
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

type StackMetadata = Record<string, readonly MetadataEntry[]>;

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
        throw new TemplateLoadError(`${dir}: cloud assemblies nested deeper than ${MAX_ASSEMBLY_DEPTH} levels`);
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
      targets.push({
        stack: artifact.displayName ?? artifact.properties.stackName ?? id,
        file,
        template: withResourcesSection(parseJson(file, text)),
        lineOf: lineFinder(text),
        constructPaths: constructPaths(metadata),
        decisions: Object.entries(metadata).flatMap(([path, entries]) =>
          decisionsOfEntries(withoutLeadingSlash(path), entries),
        ),
        metadata: new Map(Object.entries(metadata).map(([path, entries]) => [withoutLeadingSlash(path), entries])),
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
 * Finds resources' lines in a template's text, scanning it when first asked (only findings and decisions need
 * lines).
 */
function lineFinder(text: string): (logicalId: string) => number | undefined {
  let lines: Map<string, number> | undefined;
  return (logicalId) => (lines ??= resourceLines(text)).get(logicalId);
}

/** CDK writes the template of a stack without resources with no `Resources` section: read it as empty. */
function withResourcesSection(template: unknown): unknown {
  return isObject(template) && !('Resources' in template) ? { ...template, Resources: {} } : template;
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
