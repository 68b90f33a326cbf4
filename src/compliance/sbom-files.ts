import { existsSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { DependencyCheck } from './dependency-stage';
import { toolInfo } from './reports/build';
import { cycloneDxJson } from '../sbom/cyclonedx';
import { sbomFileNames } from '../sbom/files';

/**
 * Writes one CycloneDX file per function of `check` into `directory` (created when missing), unless it already
 * holds them: then an earlier synth of the same app in this process wrote them (aws-cdk-lib forbids replacing a
 * file of the assembly during validation).
 *
 * @returns the files written
 * @internal
 */
export function writeSbomFiles(check: DependencyCheck, directory: string): string[] {
  const tool = toolInfo();
  const names = sbomFileNames(check.sboms);
  const files = check.sboms.map((sbom, i) => ({ file: join(directory, names[i]), sbom }));
  if (files.some(({ file }) => existsSync(file))) {
    return [];
  }
  mkdirSync(directory, { recursive: true });
  for (const { file, sbom } of files) {
    writeFileSync(file, cycloneDxJson(sbom, tool));
  }
  return files.map(({ file }) => file);
}

/**
 * Deletes the bills of materials an earlier synth left in a reused `cdk.out`, before synth.
 * @internal
 */
export function removeSbomFiles(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}
