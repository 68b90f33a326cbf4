import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { App } from 'aws-cdk-lib';
import { OrdersServiceStack } from '../../examples/app';
import { loadTargets } from '../../src/compliance/cloud-assembly';
import { cycloneDxJson } from '../../src/sbom/cyclonedx';
import { sbomFileNames } from '../../src/sbom/files';
import { scanFunctionSboms } from '../../src/sbom/functions';

const TOOL = { name: 'cdk-secure-serverless', version: '0.0.0' };

describe('the bills of materials of examples/app.ts', () => {
  // GIVEN the example app, synthesized once
  const outdir = mkdtempSync(path.join(tmpdir(), 'sbom-example-'));
  const app = new App({ outdir });
  new OrdersServiceStack(app, 'OrdersService', { env: { account: '123456789012', region: 'eu-west-1' } });
  app.synth();

  // WHEN
  const scan = scanFunctionSboms(loadTargets(outdir));
  const documents = scan.sboms.map((sbom) => cycloneDxJson(sbom, TOOL));

  test('one per handler bundled from entry, from its metafile; the inline network helper ships no package', () => {
    expect(scan.sboms.map((s) => `${s.constructPath} ${s.source}`)).toEqual([
      'OrdersService/GetOrder/Function esbuild-metafile',
      'OrdersService/SecureServerlessNetwork/Helper/Function inline',
      'OrdersService/ReserveStock/Function esbuild-metafile',
      'OrdersService/PlaceOrder/Function esbuild-metafile',
      'OrdersService/ProcessUpload/Function esbuild-metafile',
      'OrdersService/NightlyReport/Function esbuild-metafile',
      'OrdersService/OrderStatus/Function esbuild-metafile',
    ]);
    const helper = scan.sboms.find((s) => s.source === 'inline')!;
    expect(helper.components).toEqual([]);
    expect(helper.runtimeModules).toEqual(['@aws-sdk/client-ec2']);
    expect(scan.withoutSbom).toEqual([]);
    expect(scan.warnings).toEqual([]);
  });

  test('lists the AWS SDK clients each handler uses, and not the ones tree-shaking dropped', () => {
    const names = (id: string) =>
      scan.sboms.find((s) => s.constructPath === `OrdersService/${id}/Function`)!.components.map((c) => c.name);
    expect(names('GetOrder')).toContain('@aws-sdk/client-dynamodb');
    expect(names('GetOrder')).not.toContain('@aws-sdk/client-s3');
    expect(names('ProcessUpload')).toContain('@aws-sdk/client-s3');
    // bowser is an input of every bundle (the SDK's user agent, browser only) but has no byte in it.
    expect(scan.sboms.flatMap((s) => s.components.map((c) => c.name))).not.toContain('bowser');
    for (const sbom of scan.sboms) {
      expect(sbom.components.every((c) => c.ecosystem === 'npm' && c.purl.startsWith('pkg:npm/'))).toBe(true);
    }
  });

  test('every document is valid CycloneDX 1.6 JSON (strict schema)', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    for (const [i, document] of documents.entries()) {
      expect({ file: scan.sboms[i].constructPath, errors: await validator.validate(document) }).toEqual({
        file: scan.sboms[i].constructPath,
        errors: null,
      });
    }
  });

  test('the documents are reproducible and their files named after the functions', () => {
    expect(scan.sboms.map((sbom) => cycloneDxJson(sbom, TOOL))).toEqual(documents);
    expect(sbomFileNames(scan.sboms)).toEqual([
      'OrdersService.GetOrder.Function.cdx.json',
      'OrdersService.SecureServerlessNetwork.Helper.Function.cdx.json',
      'OrdersService.ReserveStock.Function.cdx.json',
      'OrdersService.PlaceOrder.Function.cdx.json',
      'OrdersService.ProcessUpload.Function.cdx.json',
      'OrdersService.NightlyReport.Function.cdx.json',
      'OrdersService.OrderStatus.Function.cdx.json',
    ]);
    process.stdout.write(
      `${scan.sboms.map((s, i) => `${s.constructPath}: ${s.components.length} components, ${Buffer.byteLength(documents[i])} bytes`).join('\n')}\n`,
    );
  });
});
