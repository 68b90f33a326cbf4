import { existsSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { writeJsonReport } from './reports/json';
import { writeMarkdownReport } from './reports/markdown';
import { ComplianceReport } from './reports/model';
import { writeSarifReport } from './reports/sarif';
import { removeSbomFiles } from './sbom-files';

/**
 * The report files the gate writes into the cloud assembly directory after synth.
 */
export interface ComplianceReportFiles {
  /** Every finding and acknowledgment with rule, severity, construct path, logical id, stack and frameworks. */
  readonly json: string;
  /** SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`). */
  readonly sarif: string;
  /** A summary per compliance framework, for a pull request. */
  readonly markdown: string;
  /** The directory of the bills of materials: one CycloneDX JSON file per Lambda function with a code asset. */
  readonly sbomDirectory: string;
}

/** The files' base name; a gate registered on a nested stage adds the stage's name. */
const BASE_NAME = 'compliance-report';

/**
 * Where the gate of the stage `stageName` (undefined for the app) writes its reports in `outdir`.
 * @internal
 */
export function reportFilesIn(outdir: string, stageName?: string): ComplianceReportFiles {
  const base = join(outdir, stageName ? `${BASE_NAME}.${stageName}` : BASE_NAME);
  return {
    json: `${base}.json`,
    sarif: `${base}.sarif`,
    markdown: `${base}.md`,
    sbomDirectory: join(outdir, stageName ? `sbom.${stageName}` : 'sbom'),
  };
}

/**
 * Deletes the report files an earlier synth left in a reused `cdk.out`. Called before synth: while validation
 * plugins run, aws-cdk-lib forbids changing any file the assembly already holds.
 * @internal
 */
export function removeReportFiles(files: ComplianceReportFiles): void {
  for (const file of [files.json, files.sarif, files.markdown]) {
    rmSync(file, { force: true });
  }
  removeSbomFiles(files.sbomDirectory);
}

/**
 * Writes `report` to `files`, unless a file already exists: then an earlier synth of the same app in this process
 * wrote it (aws-cdk-lib forbids replacing it during validation), and nothing is written.
 *
 * @returns whether the files were written
 * @internal
 */
export function writeReportFiles(report: ComplianceReport, files: ComplianceReportFiles): boolean {
  if ([files.json, files.sarif, files.markdown].some((file) => existsSync(file))) {
    return false;
  }
  writeFileSync(files.json, writeJsonReport(report));
  writeFileSync(files.sarif, writeSarifReport(report));
  writeFileSync(files.markdown, writeMarkdownReport(report));
  return true;
}
