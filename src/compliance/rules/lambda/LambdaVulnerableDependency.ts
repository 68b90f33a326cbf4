import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/**
 * No package in a Lambda function's deployed code has a known vulnerability.
 *
 * Judged on the function's bill of materials against an OSV export (`vulnerabilityDatabase`), by the gate's
 * dependency stage, not on the template: on a template alone its check finds nothing to judge.
 * @internal
 */
export const LambdaVulnerableDependency: RuleDefinition = {
  name: 'LambdaVulnerableDependency',
  title: 'Lambda functions deploy no package with a known vulnerability',
  explanation:
    "Each package in a function's code (the npm packages esbuild kept in the bundle, node_modules and Python " +
    'packages in a directory or zip asset) is matched by ecosystem, name and version against the advisories of ' +
    "an OSV export given as `vulnerabilityDatabase`. A vulnerable package runs with the function's role and data, " +
    'whatever the infrastructure around it; Amazon Inspector finds nothing in esbuild bundles. One finding per ' +
    'package and advisory, rated as the advisory rates it; those at or above `vulnerabilityThreshold` (high by ' +
    'default) fail synth.',
  problem: "The function's code includes a package with a known vulnerability",
  fix:
    'Upgrade the package to the version the advisory lists as fixed (`npm install <package>@<fixed>`, or the ' +
    'requirement in requirements.txt), bundle again and synthesize; a package that a dependency pulls in is ' +
    'upgraded with an `overrides` entry in package.json. Where no fix exists or the vulnerable code is not ' +
    'reachable, acknowledge `SecureServerless-LambdaVulnerableDependency[<package>@<version>:<advisory>]` on the ' +
    'function with a reason and an expiry.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-6'],
    hipaa: ['164.308(a)(1)'],
    pci: ['6.2', '6.3'],
    nist: ['RA-5', 'SI-2'],
  },
  guard: {
    unsupported:
      'The check reads no template property: it is decided from the code assets of the cloud assembly and an OSV ' +
      'vulnerability database, which Guard cannot see.',
  },
  check: () => 'not-applicable',
};
