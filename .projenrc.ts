import { awscdk, javascript, JsonFile } from 'projen';

// The oldest aws-cdk-lib we support. cdk-nag v3 runs its packs as CDK validation plugins, which need the
// construct tree that aws-cdk-lib passes to plugins from 2.258.0 on (2.257 fails with "NagPack requires
// a construct tree on the validation context").
const CDK_VERSION = '2.258.0';
const CDK_NAG_VERSION = '3.0.2';
// The newest aws-cdk-lib we test against, installed beside the oldest under an npm alias; the `test:cdk-latest`
// task maps `aws-cdk-lib` to it (the projen upgrade workflow moves it forward with the other dependencies).
const CDK_LATEST_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-secure-serverless',
  description:
    'Secure-by-default AWS CDK constructs for serverless applications, with a synth-time compliance gate built on cdk-nag.',
  author: 'cdk-secure-serverless maintainers',
  authorAddress: 'maintainers@cdk-secure-serverless.dev',
  repositoryUrl: 'https://github.com/cdk-secure-serverless/cdk-secure-serverless.git',
  keywords: ['cdk', 'aws-cdk', 'security', 'serverless', 'compliance', 'cdk-nag', 'hipaa', 'pci-dss', 'nist'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  // jsii 6 compiles with TypeScript 6.0; TypeScript 7 is `latest` on npm and jsii rejects it.
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',

  // cdk-nag types (NagPack, validation results) are part of our public API.
  peerDeps: [`cdk-nag@^${CDK_NAG_VERSION}`],
  devDeps: [
    `cdk-nag@${CDK_NAG_VERSION}`,
    `aws-cdk-lib-latest@npm:aws-cdk-lib@^${CDK_LATEST_VERSION}`,
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    // Property-based tests: random valid configurations of each construct.
    'fast-check@^4.11.0',
    '@types/semver@^7.7.0',
    // The CycloneDX JSON schema validation of the bills of materials in the tests (the CycloneDX library's
    // validator needs these peers).
    'ajv@^8.17.1',
    'ajv-formats@^3.0.1',
    'ajv-formats-draft2019@^1.6.1',
    // bench/ only: the AWS Solutions Constructs variant of the benchmark app (2.94.0 is the newest release of
    // both patterns that accepts aws-cdk-lib 2.258).
    '@aws-solutions-constructs/aws-apigateway-lambda@2.94.0',
    '@aws-solutions-constructs/aws-lambda-dynamodb@2.94.0',
  ],
  // The audit CLI reads CloudFormation YAML templates. The bill of materials of each function is CycloneDX JSON
  // (written with the CycloneDX library, purls with packageurl-js); OSV exports are read from a directory or
  // from OSV's per-ecosystem zip (fflate) and versions compared with semver.
  bundledDeps: [
    'yaml@^2.9.1',
    '@cyclonedx/cyclonedx-library@^10.3.0',
    'packageurl-js@^2.0.1',
    'fflate@^0.8.2',
    'semver@^7.7.2',
  ],
  bin: { 'cdk-secure-serverless': 'lib/cli/bin.js' },

  prettier: true,
  prettierOptions: { settings: { printWidth: 120, singleQuote: true, trailingComma: javascript.TrailingComma.ALL } },
  eslint: true,
  docgen: true,
  jestOptions: {
    jestConfig: {
      testTimeout: 60_000,
      // Keep memory bounded on a 2-core machine: each worker loads aws-cdk-lib and cdk-nag.
      maxWorkers: 2,
      // V8 coverage nearly doubles the suite's time (measured 38.6 s against 21.5 s on two suites) and nothing
      // reads it in CI: `npx projen test:coverage` writes the report.
      collectCoverage: false,
    },
  },
  tsconfigDev: { compilerOptions: {} },
  // ts-jest only transpiles unless told to type-check; a type error in a test must fail the test.
  typecheckTests: true,

  // Language targets. Packaging needs PyPI/Maven/NuGet/Go registries that this build cannot reach; the
  // `pacmak:code-only` task below generates every target's source so a jsii-unsafe API fails the tests.
  publishToPypi: { distName: 'cdk-secure-serverless', module: 'cdk_secure_serverless' },
  publishToMaven: {
    javaPackage: 'io.github.cdksecureserverless',
    mavenGroupId: 'io.github.cdk-secure-serverless',
    mavenArtifactId: 'cdk-secure-serverless',
  },
  publishToNuget: { dotNetNamespace: 'CdkSecureServerless', packageId: 'CdkSecureServerless' },
  publishToGo: { moduleName: 'github.com/cdk-secure-serverless/cdk-secure-serverless-go' },

  depsUpgradeOptions: { workflowOptions: { labels: ['auto-approve'] } },
  gitignore: [
    'cdk.out',
    '*.tsbuildinfo',
    '/.pacmak/',
    '/examples/cdk.out',
    '/.wip/',
    '!/src/compliance/rules/logs/',
    // The other languages' builds: Maven's local repository, the Python virtualenv, the Java and Go outputs.
    '/.maven/',
    // jsii-rosetta's translations, rebuilt after every compile and shipped in the npm package.
    '/.jsii.tabl.json',
    '.venv/',
    '__pycache__/',
    '.pytest_cache/',
    '/examples/java/target/',
    '/examples/go/orders-service',
  ],
  // Only what users need ships: not the generated code of the other languages, the examples or the benchmarks.
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.ci/', '/.pacmak/', '/.maven/', '/.cfnlintrc.yaml'] },
});

// Every app in the tests gets the context `cdk init` writes into a new project's cdk.json (aws-cdk-lib's built-in
// CloudFormation validator with its default rules on).
// esbuild bundles a SecureFunction's `entry`. Users install it themselves, as for aws-cdk-lib's NodejsFunction (a
// jsii library can only declare jsii peers); without it, `entry` fails with CSS006. The tests use the oldest
// version the README names: 0.25, the first without GHSA-67mh-4wv8-2f99.
project.addDevDeps('esbuild@0.25.0');
// examples/ only: the AWS SDK clients the example's TypeScript handlers import, which `entry` bundles (the AWS SDK
// in the Lambda runtime is not pinned to what the code was tested with).
project.addDevDeps(
  '@aws-sdk/client-dynamodb@^3.1169.0',
  '@aws-sdk/client-eventbridge@^3.1169.0',
  '@aws-sdk/client-s3@^3.1169.0',
  '@aws-sdk/client-sfn@^3.1164.0',
  '@aws-sdk/client-sns@^3.1169.0',
);

project.jest!.addSetupFile('<rootDir>/test/support/cdk-init-context.ts');

// Pin the test toolchain explicitly: ts-jest supports TypeScript < 7.
project.addDevDeps('ts-node@^10.9.2');

// ---------------------------------------------------------------------------------------------------------
// Every jsii language: Python, Java and Go are built for real and each runs the example app through the gate
// (projenrc/languages/); .NET has no registry here (no NuGet), so its code is generated and checked only.
// ---------------------------------------------------------------------------------------------------------
const languageScript = (name: string): string =>
  `ts-node --project projenrc/tsconfig.json projenrc/languages/${name}.ts`;
// The README's snippets and the @example blocks compile (strict) and are translated into every language's docs.
const rosettaExtract = project.addTask('rosetta:extract', {
  description: 'Compile every README snippet and @example block with jsii-rosetta (strict) into .jsii.tabl.json',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosettaExtract);
const pacmakCodeOnly = project.addTask('pacmak:code-only', {
  description:
    "Generate every language's code (the only build of .NET: no NuGet here) and check its docs show examples in its own language",
  steps: [
    { exec: 'rm -rf .pacmak' },
    {
      exec: 'jsii-pacmak --code-only --outdir .pacmak --target dotnet --target python --target java --rosetta-unknown-snippets fail',
    },
    // Go copies aws-cdk-lib's examples onto inherited members under names no tablet has: translated live (ours
    // all compiled in rosetta:extract).
    { exec: 'jsii-pacmak --code-only --outdir .pacmak --target go --rosetta-unknown-snippets translate' },
    { exec: `${languageScript('check-docs')} .pacmak` },
  ],
});
const packageLanguages = project.addTask('package:languages', {
  description: 'Build the Python wheel, the Java jar (Maven layout) and the Go module into dist/ (after compile)',
  exec: languageScript('package'),
});
project.addTask('test:python', {
  description: 'Install the wheel into a virtualenv, run the Python example app through the gate, run its pytest tests',
  exec: languageScript('python'),
});
project.addTask('test:java', {
  description: 'Compile and run the Java example app with Maven against the built jar, through the gate',
  exec: languageScript('java'),
});
project.addTask('test:go', {
  description: 'Build and run the Go example app against the generated Go module, through the gate',
  exec: languageScript('go'),
});
// The three apps run at the same time (projenrc/languages/apps.ts): each mostly waits on its own toolchain, and
// one after the other they took 150 s of the 15 minutes .ci/run may take.
const testLanguages = project.addTask('test:languages', {
  description: 'Build every language package and run the Python, Java and Go example apps and tests, at the same time',
  steps: [{ spawn: packageLanguages.name }, { exec: languageScript('apps') }],
});

// RULES.md is generated from the rule catalog, so each rule's text is written once.
const rulesDoc = project.addTask('docgen:rules', {
  description: 'Generate RULES.md and guard/secure-serverless.guard from the rule catalog in src/compliance/rules',
  exec: 'ts-node --project examples/tsconfig.json projenrc/rules-md.ts',
});

// ---------------------------------------------------------------------------------------------------------
// The newest aws-cdk-lib: the compliance, property, mutation, gate, CLI, oracle and example tests run again with every
// `aws-cdk-lib` import (ours, cdk-nag's, cfn-guard's) mapped to the `aws-cdk-lib-latest` alias.
// ---------------------------------------------------------------------------------------------------------
const latestJestConfig = new JsonFile(project, 'test/jest.cdk-latest.json', {
  obj: {
    ...project.jest!.config,
    rootDir: '..',
    collectCoverage: false,
    testMatch: [
      '<rootDir>/test/**/*.compliance.test.ts',
      // Random configurations run on the oldest aws-cdk-lib only (100 per construct): on the newest they cost two
      // minutes of the 15 of `.ci/run`. The compliance cases of every construct (each documented option), the
      // mutations and the example app carry the newest version. `npx jest --config test/jest.cdk-latest.json
      // test/**/*.property.test.ts` runs them there (25 per construct).
      '<rootDir>/test/compliance/mutations.test.ts',
      '<rootDir>/test/compliance/verdict.test.ts',
      '<rootDir>/test/compliance/decisions.test.ts',
      '<rootDir>/test/compliance/creation-site.test.ts',
      // The gate, its reports, both stages and the CLI: where aws-cdk-lib's behaviour differs between versions.
      '<rootDir>/test/compliance/gate*.test.ts',
      '<rootDir>/test/compliance/template-stage.test.ts',
      '<rootDir>/test/compliance/escape-hatches.test.ts',
      '<rootDir>/test/compliance/permissions.test.ts',
      '<rootDir>/test/cli/**/*.test.ts',
      // Bills of materials: how aws-cdk-lib stages assets and records them in the cloud assembly.
      '<rootDir>/test/sbom/functions.test.ts',
      '<rootDir>/test/sbom/bundled.test.ts',
      '<rootDir>/test/function/self-invoke.test.ts',
      '<rootDir>/test/examples/**/*.test.ts',
      '<rootDir>/test/oracles/**/*.test.ts',
      // Deploy time: the Guard hook and the decisions the gate writes into templates. The account baseline's suite
      // runs on the oldest only, for the 15 minutes of `.ci/run` (`npx jest --config test/jest.cdk-latest.json
      // --testMatch '<rootDir>/test/baseline/**/*.test.ts'` runs it on the newest).
      '<rootDir>/test/guard/**/*.test.ts',
    ],
    moduleNameMapper: {
      '^aws-cdk-lib$': 'aws-cdk-lib-latest',
      '^aws-cdk-lib/(.*)$': 'aws-cdk-lib-latest/$1',
    },
  },
});
const testLatest = project.addTask('test:cdk-latest', {
  description: `Run the compliance, property, mutation, gate, CLI, oracle and example tests on the newest aws-cdk-lib (${CDK_LATEST_VERSION} or later)`,
  exec: `jest --config ${latestJestConfig.path}`,
  receiveArgs: true,
});
// Right after the main jest run (step 0 type-checks, step 1 is jest).
project.testTask.insertStep(2, { spawn: testLatest.name });

project.addTask('test:coverage', {
  description: 'Run the jest suite on the oldest aws-cdk-lib with V8 coverage (coverage/, and a summary table)',
  exec: 'jest --coverage',
  receiveArgs: true,
});

// cfn-lint (Python) checks every template the tests synthesize against CloudFormation's resource schemas.
const CFN_LINT_VERSION = '1.58.0';
const installCfnLint = project.addTask('install:cfn-lint', {
  description:
    'Install cfn-lint (pinned), the CloudFormation schema oracle of the tests, with pip where it is missing or another version',
  exec: `python3 -c "import sys, cfnlint.version; sys.exit(cfnlint.version.__version__ != '${CFN_LINT_VERSION}')" 2>/dev/null || python3 -m pip install --quiet "cfn-lint==${CFN_LINT_VERSION}"`,
});
project.testTask.prependSpawn(installCfnLint);

// After jest and eslint, `test` compiles with jsii (the public API must be jsii-safe), regenerates API.md,
// generates the .NET code, and builds and runs every other language (test:languages), so a change that breaks
// another language fails the tests.
project.testTask.spawn(project.compileTask);
project.testTask.spawn(rosettaExtract);
project.testTask.spawn(project.tasks.tryFind('docgen')!);
project.testTask.spawn(rulesDoc);
project.testTask.spawn(pacmakCodeOnly);
// The npm package as users get it: only what they need, and installable from a clone (see README).
const testPackage = project.addTask('test:package', {
  description:
    'Pack the library, check the tarball holds only what users need, install it into an empty project and synth through the gate',
  exec: 'ts-node --project projenrc/tsconfig.json projenrc/check-package.ts',
});
project.testTask.spawn(testPackage);
// The languages last before the tree check: the wheel, jar and Go module embed the compiled library.
project.testTask.spawn(testLanguages);
// In CI, `npx projen` and docgen must leave the committed tree unchanged: generated files are never edited
// by hand and never out of date.
project.testTask.exec('npx projen default && git add --intent-to-add --all && git diff --exit-code', {
  condition: '[ -n "$CI" ]',
  name: 'generated files are up to date',
});

// ---------------------------------------------------------------------------------------------------------
// Dependency hygiene of the library itself. What users install with it is `yaml` (bundled) plus the peer
// dependencies they choose; npm's audit endpoint needs the network, so the PR build runs the audit (the
// upgrade workflow above opens a PR with fresh dependencies every day, which the same build audits).
// ---------------------------------------------------------------------------------------------------------
const auditProd = project.addTask('audit:prod', {
  description: 'Fail on high or critical advisories in the production dependency tree (needs the npm audit endpoint)',
  exec: 'npm audit --omit=dev --audit-level=high',
});
project.buildWorkflow?.addPostBuildSteps({
  name: 'Audit production dependencies',
  run: `npx projen ${auditProd.name}`,
});

// ---------------------------------------------------------------------------------------------------------
// Benchmarks (not part of `test`): the cost of the secure defaults against plain L2 and Solutions Constructs.
// ---------------------------------------------------------------------------------------------------------
project.addTask('bench', {
  description:
    'Synthesize the benchmark app as plain L2, AWS Solutions Constructs and ours; print the table and update README.md',
  exec: 'ts-node --project bench/tsconfig.json bench/bench.ts --write',
});
project.addTask('bench:dependencies', {
  description:
    'Bills of materials and OSV matching for 20 functions and 1,000 components against a 250,000-record export; update README.md',
  exec: 'ts-node --project bench/tsconfig.json bench/dependencies.ts --write',
});
new JsonFile(project, 'bench/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { rootDir: '..', noEmit: true },
    include: ['**/*.ts'],
  },
});
// A new import cycle fails lint: the gate's modules depend one way (vocabulary <- rules <- stages <- pipeline).
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });
project.eslint?.addLintPattern('bench');
project.eslint?.allowDevDeps('bench/**');

// ---------------------------------------------------------------------------------------------------------
// The main job: synthesize the example app through the compliance gate and print the report summary.
// ---------------------------------------------------------------------------------------------------------
project.addTask('example', {
  description: 'Synthesize examples/app.ts through the compliance gate and print the report summary',
  exec: 'ts-node --project examples/tsconfig.json examples/app.ts',
});
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { rootDir: '..', noEmit: true },
    include: ['**/*.ts'],
  },
});
project.eslint?.addLintPattern('examples');
// The example's handlers import the AWS SDK clients that `entry` bundles: development dependencies of this repository.
project.eslint?.allowDevDeps('examples/handlers/**');

project.synth();
