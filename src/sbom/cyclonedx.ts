import { createHash } from 'crypto';
import { basename } from 'path';
import { Enums, Models, Serialize, Spec, SPDX } from '@cyclonedx/cyclonedx-library';
import { FunctionSbom, SbomComponent } from './model';

/** The namespace of the library's CycloneDX properties. */
const PROPERTY = 'cdk-secure-serverless';

/** The tool that wrote a bill of materials. @internal */
export interface SbomTool {
  readonly name: string;
  readonly version: string;
}

/** @internal */
export interface CycloneDxOptions {
  /**
   * The time the bill of materials was made, written as `metadata.timestamp`.
   * @default - none: the same function's code always gives the same document
   */
  readonly timestamp?: Date;
}

/**
 * A function's bill of materials as CycloneDX 1.6 JSON (written with the CycloneDX library): the function as the
 * metadata component (type application, named by its construct path), `tool` as the tool, one library component
 * per package (purl, version, license, and `cdk-secure-serverless:evidence` properties saying where it was
 * found), and a flat dependency graph (the function depends on every package).
 *
 * Reproducible: lists are sorted, every bom-ref is derived (the package's purl, the function's path), no
 * absolute path is written (only the asset's directory name), there is no timestamp unless one is given, and the
 * serial number is a UUID (version 5 layout) of the SHA-1 of the document without it, so that the same code gives
 * the same bytes and a change of content gives a new serial number.
 * @internal
 */
export function cycloneDxJson(sbom: FunctionSbom, tool: SbomTool, options: CycloneDxOptions = {}): string {
  const bom = new Models.Bom();
  const fn = new Models.Component(Enums.ComponentType.Application, sbom.constructPath, {
    bomRef: sbom.constructPath,
    properties: new Models.PropertyRepository(
      [
        ['stack', sbom.stack],
        ['logicalId', sbom.logicalId],
        ['runtime', sbom.runtime],
        ['asset', sbom.assetPath ? basename(sbom.assetPath) : undefined],
        ['source', sbom.source],
        ...(sbom.runtimeModules ?? []).map((m) => ['runtime-module', m]),
      ]
        .filter((p): p is [string, string] => p[1] !== undefined)
        .map(([name, value]) => new Models.Property(`${PROPERTY}:${name}`, value)),
    ),
  });
  const toolComponent = new Models.Component(Enums.ComponentType.Application, tool.name, {
    bomRef: `${tool.name}@${tool.version}`,
    version: tool.version,
  });
  bom.metadata = new Models.Metadata({
    component: fn,
    tools: new Models.Tools({ components: new Models.ComponentRepository([toolComponent]) }),
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  for (const c of sbom.components) {
    const component = libraryComponent(c);
    bom.components.add(component);
    fn.dependencies.add(component.bomRef);
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const serialize = () => `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
  bom.serialNumber = contentUuid(serialize());
  return serialize();
}

function libraryComponent(c: SbomComponent): Models.Component {
  const license = c.license !== undefined ? licenseOf(c.license) : undefined;
  return new Models.Component(Enums.ComponentType.Library, c.name, {
    bomRef: c.purl,
    version: c.version,
    purl: c.purl,
    ...(license ? { licenses: new Models.LicenseRepository([license]) } : {}),
    properties: new Models.PropertyRepository(c.evidence.map((e) => new Models.Property(`${PROPERTY}:evidence`, e))),
  });
}

/** An SPDX id (`MIT`, `apache-2.0` fixed up), an SPDX expression (`(MIT OR Apache-2.0)`), or a license name. */
function licenseOf(license: string): Models.License {
  const id = SPDX.fixupSpdxId(license);
  if (id !== undefined) {
    return new Models.SpdxLicense(id);
  }
  if (/\s(AND|OR|WITH)\s/.test(license)) {
    return new Models.LicenseExpression(license);
  }
  return new Models.NamedLicense(license);
}

/** `urn:uuid:` of the SHA-1 of `content`, with the version (5) and variant bits of a name-based UUID. */
function contentUuid(content: string): string {
  const hex = createHash('sha1').update(content).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  // The variant (RFC 4122, 10xx): the high two bits of the 17th digit.
  hex[16] = '89ab'[parseInt(hex[16], 16) % 4];
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
