import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet, templateText } from '../template-values';

/**
 * A Lambda invoke permission is neither public nor open to a service acting for any account.
 * @internal
 */
export const LambdaPublicInvoke: RuleDefinition = {
  name: 'LambdaPublicInvoke',
  title: 'Lambda permissions are not public, and service principals are scoped to a source',
  explanation:
    'A Lambda permission for Principal "*" lets anyone invoke the function, and one for a service principal ' +
    '(s3.amazonaws.com, sns.amazonaws.com, ...) without SourceArn or SourceAccount lets that service invoke it on ' +
    "behalf of any customer's resource (the confused-deputy problem). Grant the permission to a specific account " +
    'or role, or to the service with the SourceArn of the one bucket, topic, rule or API that calls the function.',
  problem: 'The Lambda permission lets anyone, or a service acting for any account, invoke the function',
  fix:
    'Grant invoke to a specific account or role (`fn.grantInvoke(role)`), or to a service principal with the ' +
    '`sourceArn` (and `sourceAccount`) of the one bucket, topic, rule or API that calls the function ' +
    '(`fn.addPermission(id, { principal, sourceArn, sourceAccount })`; AWS::Lambda::Permission SourceArn or ' +
    'SourceAccount). SecureFunction scopes API Gateway permissions itself.',
  control: 'LambdaFunctionPublicAccessProhibited',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2', 'SAS-3'],
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    pci: ['1.3.1', '7.2.1'],
    nist: ['AC-3', 'AC-6', 'SC-7'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Permission'],
    scope: 'resource',
    // A service principal is written literally or, by CDK, as `{"Fn::Join": ["", ["s3.", {"Ref": "AWS::URLSuffix"}]]}`.
    clauses: `
      when %properties.Principal is_string {
        %properties.Principal != '*' <<MESSAGE>>
        when %properties.Principal == /^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(amazonaws\\.com(\\.cn)?|\\{\\{resolve:AWS::URLSuffix\\}\\})$/ {
          %properties.SourceArn is_struct or %properties.SourceArn is_list or %properties.SourceArn is_bool or %properties.SourceArn is_int or %properties.SourceArn is_float or %properties.SourceArn == /[\\s\\S]/ or
          %properties.SourceAccount is_struct or %properties.SourceAccount is_list or %properties.SourceAccount is_bool or %properties.SourceAccount is_int or %properties.SourceAccount is_float or %properties.SourceAccount == /[\\s\\S]/ <<MESSAGE>>
        }
      }
      when %properties.Principal.'Fn::Join'[0] == ''
           %properties.Principal.'Fn::Join'[1][0] == /^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.$/
           %properties.Principal.'Fn::Join'[1][1].Ref == 'AWS::URLSuffix'
           %properties.Principal.'Fn::Join'[1][2] !exists {
        %properties.SourceArn is_struct or %properties.SourceArn is_list or %properties.SourceArn is_bool or %properties.SourceArn is_int or %properties.SourceArn is_float or %properties.SourceArn == /[\\s\\S]/ or
        %properties.SourceAccount is_struct or %properties.SourceAccount is_list or %properties.SourceAccount is_bool or %properties.SourceAccount is_int or %properties.SourceAccount is_float or %properties.SourceAccount == /[\\s\\S]/ <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Permission') {
      return 'not-applicable';
    }
    const principal = templateText(resource.properties.Principal);
    if (principal === '*') {
      return 'non-compliant';
    }
    if (isServicePrincipal(principal)) {
      const scoped = isSet(resource.properties.SourceArn) || isSet(resource.properties.SourceAccount);
      return scoped ? 'compliant' : 'non-compliant';
    }
    return 'compliant';
  },
};

/**
 * True for an AWS service principal: `s3.amazonaws.com`, `events.amazonaws.com.cn`, or a name built with the
 * partition's URL suffix (`{ "Fn::Join": ["", ["s3.", { "Ref": "AWS::URLSuffix" }]] }`).
 */
function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|\{\{resolve:AWS::URLSuffix\}\})$/.test(principal);
}
