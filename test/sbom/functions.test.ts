import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NODE_ASSET, PYTHON_ASSET, REQUIREMENTS_ASSET, writeTree, writeZip } from './fixtures/assets';
import { AuditTarget, loadTargets } from '../../src/compliance/cloud-assembly';
import { scanFunctionSboms } from '../../src/sbom/functions';

/** One stack of every kind of function code, synthesized into `outdir` with or without asset metadata. */
function synthesize(assetMetadata: boolean): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sbom-functions-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': assetMetadata } });
  const stack = new Stack(app, 'Service', { env: { account: '123456789012', region: 'eu-west-1' } });
  const node = { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler' };
  const python = { runtime: lambda.Runtime.PYTHON_3_13, handler: 'handler.handler' };
  new lambda.Function(stack, 'Node', { ...node, code: lambda.Code.fromAsset(writeTree(NODE_ASSET)) });
  new lambda.Function(stack, 'NodeZip', { ...node, code: lambda.Code.fromAsset(writeZip(NODE_ASSET)) });
  new lambda.Function(stack, 'Python', { ...python, code: lambda.Code.fromAsset(writeTree(PYTHON_ASSET)) });
  new lambda.Function(stack, 'Requirements', { ...python, code: lambda.Code.fromAsset(writeTree(REQUIREMENTS_ASSET)) });
  new lambda.Function(stack, 'Empty', { ...node, code: lambda.Code.fromAsset(writeTree({ 'index.js': '' })) });
  new lambda.Function(stack, 'Inline', { ...node, code: lambda.Code.fromInline('exports.handler = 1') });
  const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'code-bucket');
  new lambda.Function(stack, 'FromBucket', { ...node, code: lambda.Code.fromBucket(bucket, 'code.zip') });
  new lambda.DockerImageFunction(stack, 'Image', {
    code: lambda.DockerImageCode.fromEcr(ecr.Repository.fromRepositoryName(stack, 'Repo', 'repo')),
  });
  app.synth();
  return outdir;
}

describe.each([
  ['with asset metadata (as the CDK CLI synthesizes)', true],
  ["without asset metadata (the asset found from Code.S3Key in the stack's asset manifest)", false],
])('functionSboms: a synthesized stack %s', (_, assetMetadata) => {
  const outdir = synthesize(assetMetadata);
  const scan = scanFunctionSboms(loadTargets(outdir));
  const byPath = new Map(scan.sboms.map((s) => [s.constructPath, s]));
  const purls = (id: string) => byPath.get(`Service/${id}`)?.components.map((c) => c.purl);

  test('gives each function with a directory or zip asset, or inline code, a bill of materials, in template order', () => {
    expect(scan.sboms.map((s) => `${s.constructPath} ${s.runtime} ${s.source}`)).toEqual([
      'Service/Node nodejs22.x directory',
      'Service/NodeZip nodejs22.x zip',
      'Service/Python python3.13 directory',
      'Service/Requirements python3.13 directory',
      'Service/Empty nodejs22.x directory',
      'Service/Inline nodejs22.x inline',
    ]);
    const node = byPath.get('Service/Node')!;
    expect(node.stack).toBe('Service');
    expect(node.logicalId).toMatch(/^Node[0-9A-F]{8}$/);
    expect(node.assetPath).toBe(path.join(outdir, path.basename(node.assetPath)));
    expect(scan.warnings).toEqual([]);
  });

  test('lists the packages of each asset', () => {
    const nodePurls = [
      'pkg:npm/%40acme/client@2.0.0',
      'pkg:npm/%40acme/other@1.0.0',
      'pkg:npm/left-pad@1.1.0',
      'pkg:npm/left-pad@1.3.0',
    ];
    expect(purls('Node')).toEqual(nodePurls);
    expect(purls('NodeZip')).toEqual(nodePurls);
    expect(purls('Python')).toEqual([
      'pkg:pypi/charset-normalizer@3.3.2',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/typing-extensions@4.9.0',
    ]);
    expect(purls('Requirements')).toEqual([
      'pkg:pypi/pyyaml@6.0.1',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/urllib3@2.1.0',
    ]);
    expect(purls('Empty')).toEqual([]);
  });

  test('says why the other functions have none', () => {
    expect(scan.withoutSbom.map((f) => `${f.constructPath}: ${f.reason}`)).toEqual([
      'Service/FromBucket: no-asset',
      'Service/Image: container-image',
    ]);
    expect(scan.withoutSbom[0].detail).toContain('code.zip');
  });
});

test('a function whose asset is not in the cloud assembly has none: asset-missing', () => {
  const template = {
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Metadata: { 'aws:asset:path': 'asset.gone', 'aws:asset:property': 'Code', 'aws:cdk:path': 'S/Fn/Resource' },
        Properties: { Code: { S3Bucket: 'b', S3Key: 'gone.zip' } },
      },
      Sam: { Type: 'AWS::Serverless::Function', Properties: { InlineCode: 'x' } },
    },
  };
  const scan = scanFunctionSboms([loneTemplate(template, 'sbom-missing-')]);
  expect(scan.withoutSbom.map((f) => `${f.constructPath}: ${f.reason}`)).toEqual(['S/Fn: asset-missing']);
  expect(scan.sboms.map((s) => `${s.constructPath}: ${s.source}`)).toEqual(['S/Sam: inline']);
});

test('inline code ships no package: its bill of materials lists the modules it takes from the runtime', () => {
  const template = {
    Resources: {
      Node: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs22.x',
          Code: {
            ZipFile:
              "const fs = require('fs');\nconst { S3Client } = require('@aws-sdk/client-s3');\nconst local = require('./local');\nimport('node:path');",
          },
        },
      },
      Python: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'python3.13',
          Code: { ZipFile: 'import json\nimport boto3\nfrom botocore.config import Config\n' },
        },
      },
    },
  };
  const scan = scanFunctionSboms([loneTemplate(template, 'sbom-inline-')]);
  expect(scan.sboms.map((s) => [s.constructPath, s.source, s.components.length, s.runtimeModules])).toEqual([
    ['S/Node', 'inline', 0, ['@aws-sdk/client-s3']],
    ['S/Python', 'inline', 0, ['boto3', 'botocore']],
  ]);
});

/** `template` as the one stack `S` of a cloud assembly in a new temporary directory, without construct paths. */
function loneTemplate(template: object, prefix: string): AuditTarget {
  return {
    stack: 'S',
    file: path.join(mkdtempSync(path.join(tmpdir(), prefix)), 'S.template.json'),
    template,
    constructPaths: new Map(),
    lineOf: () => undefined,
    decisions: [],
    metadata: new Map(),
  };
}
