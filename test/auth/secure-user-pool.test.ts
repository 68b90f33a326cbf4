import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureApi } from '../../src/api/secure-api';
import { SecureUserPool } from '../../src/auth/secure-user-pool';
import { SecureUserPoolProps } from '../../src/auth/secure-user-pool-props';
import { describeDecision } from '../../src/compliance/decisions';
import { ComplianceGate } from '../../src/compliance/gate';
import { SecureFunction } from '../../src/function/secure-function';
import { newStack } from '../support/compliance';

const reason = 'Reviewed in SEC-7';

function build(props: SecureUserPoolProps = {}): { stack: Stack; pool: SecureUserPool } {
  const { stack } = newStack();
  const pool = new SecureUserPool(stack, 'Users', props);
  return { stack, pool };
}

/** Each acknowledged rule id with the text of the decision that acknowledges it. */
function acknowledgedRules(stack: Stack): Record<string, string> {
  return Object.fromEntries(
    ComplianceGate.check(stack).acknowledgments.flatMap((a) => a.ruleIds.map((id) => [id, describeDecision(a)])),
  );
}

describe('SecureUserPool defaults', () => {
  test('requires TOTP MFA and no SMS role', () => {
    // WHEN
    const { stack } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('a password policy of 14 characters from every class, 3-day temporary passwords, 24 remembered', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 24,
        },
      },
    });
  });

  test('the Plus feature plan with full-function threat protection for standard and custom authentication', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' },
      },
    });
  });

  test('deletion protection on and RETAIN', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('no self sign-up, case-insensitive e-mail sign-in, e-mail verification and recovery only', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Schema: [{ Name: 'email', Required: true, Mutable: true }],
    });
  });

  test('self sign-up when asked', () => {
    const { stack } = build({ selfSignUpEnabled: true });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
  });

  test('is a cognito.UserPool, so groups and imports by aws-cdk-lib work unchanged', () => {
    const { stack, pool } = build();
    pool.addGroup('Admins', { groupName: 'admins' });

    expect(pool).toBeInstanceOf(cognito.UserPool);
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admins',
      UserPoolId: { Ref: Match.stringLikeRegexp('^Users') },
    });
  });

  test('records no decision', () => {
    const { stack } = build();

    expect(acknowledgedRules(stack)).toEqual({});
  });
});

describe('SecureUserPool app clients', () => {
  test('addClient: no secret, SRP only, 1-hour tokens, 1-day refresh tokens, revocation, no existence errors, no OAuth', () => {
    // GIVEN
    const { stack, pool } = build();

    // WHEN
    pool.addClient('Web');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 1440,
      AuthSessionValidity: 3,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
    });
  });

  test('shorter tokens and a confidential client are accepted as given', () => {
    const { stack, pool } = build();

    pool.addClient('Backend', {
      generateSecret: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(5),
      refreshTokenValidity: Duration.days(30),
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 5,
      RefreshTokenValidity: 43200,
    });
  });

  test('OAuth, when configured, uses the authorization code grant only', () => {
    const { stack, pool } = build();

    pool.addClient('Hosted', { oAuth: { callbackUrls: ['https://app.example.com/callback'] } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://app.example.com/callback'],
    });
  });

  test('addClientWithOptOuts allows the password flow with a reason, recorded on the client', () => {
    // GIVEN
    const { stack, pool } = build();

    // WHEN
    pool.addClientWithOptOuts(
      'Migration',
      { authFlows: { userPassword: true, userSrp: true } },
      { authFlows: { reason: 'The user migration trigger needs USER_PASSWORD_AUTH', ticket: 'SEC-9' } },
    );

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(acknowledgedRules(stack)).toEqual({
      'SecureServerless-CognitoUserPoolClientAuthFlows':
        'Opt-out (optOuts.authFlows): The user migration trigger needs USER_PASSWORD_AUTH (ticket: SEC-9)',
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('addClientWithOptOuts allows user existence errors with a reason', () => {
    const { stack, pool } = build();

    pool.addClientWithOptOuts('Legacy', { preventUserExistenceErrors: false }, { userExistenceErrors: { reason } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      PreventUserExistenceErrors: 'LEGACY',
    });
    expect(acknowledgedRules(stack)).toEqual({
      'SecureServerless-CognitoUserPoolClientUserExistenceErrors': `Opt-out (optOuts.userExistenceErrors): ${reason}`,
    });
  });

  test('a client created with UserPoolClient directly bypasses the defaults, and our rules see it', () => {
    const { stack, pool } = build();

    new cognito.UserPoolClient(stack, 'Plain', { userPool: pool, refreshTokenValidity: Duration.days(365) });

    const ids = ComplianceGate.check(stack).violations.map((v) => `${v.ruleId} at ${v.constructPath}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'SecureServerless-CognitoUserPoolClientTokenValidity at TestStack/Plain/Resource',
        'SecureServerless-CognitoUserPoolClientAuthFlows at TestStack/Plain/Resource',
      ]),
    );
  });
});

describe('SecureUserPool escape hatches', () => {
  test('an addPropertyOverride that weakens the pool or a client is reported by our rules', () => {
    // GIVEN
    const { stack, pool } = build();
    const client = pool.addClient('Web');

    // WHEN
    const cfnPool = pool.node.defaultChild as cognito.CfnUserPool;
    cfnPool.addPropertyOverride('DeletionProtection', 'INACTIVE');
    cfnPool.addPropertyOverride('UserPoolAddOns.AdvancedSecurityMode', 'AUDIT');
    cfnPool.addPropertyOverride('Policies.PasswordPolicy.MinimumLength', 8);
    const cfnClient = client.node.defaultChild as cognito.CfnUserPoolClient;
    cfnClient.addPropertyOverride('ExplicitAuthFlows', ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    cfnClient.addPropertyOverride('RefreshTokenValidity', 3650 * 1440);

    // THEN
    const ids = ComplianceGate.check(stack).violations.map((v) => `${v.ruleId} at ${v.constructPath}`);
    expect(ids.sort()).toEqual([
      'SecureServerless-CognitoUserPoolClientAuthFlows at TestStack/Users/Web/Resource',
      'SecureServerless-CognitoUserPoolClientTokenValidity at TestStack/Users/Web/Resource',
      'SecureServerless-CognitoUserPoolDeletionProtection at TestStack/Users/Resource',
      'SecureServerless-CognitoUserPoolPasswordPolicy at TestStack/Users/Resource',
      'SecureServerless-CognitoUserPoolThreatProtection at TestStack/Users/Resource',
    ]);
  });
});

describe('SecureUserPool opt-outs', () => {
  test('optOuts.mfa allows OPTIONAL MFA and acknowledges AwsSolutions-COG2', () => {
    const { stack } = build({ mfa: cognito.Mfa.OPTIONAL, optOuts: { mfa: { reason } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL' });
    expect(acknowledgedRules(stack)).toEqual({ 'AwsSolutions-COG2': `Opt-out (optOuts.mfa): ${reason}` });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('optOuts.mfa allows OFF, without a second factor or SMS role', () => {
    const { stack } = build({ mfa: cognito.Mfa.OFF, optOuts: { mfa: { reason } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OFF',
      EnabledMfas: Match.absent(),
    });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
  });

  test('SMS as a second factor with your own role', () => {
    const { stack } = newStack();
    const smsRole = new iam.Role(stack, 'Sms', { assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com') });

    new SecureUserPool(stack, 'Users', { mfaSecondFactor: { otp: true, sms: true }, smsRole });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: { SnsCallerArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Sms'), 'Arn'] } },
    });
  });

  test('optOuts.passwordPolicy allows a shorter password and acknowledges COG1 and our rule', () => {
    const { stack } = build({ passwordPolicy: { minLength: 12 }, optOuts: { passwordPolicy: { reason } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    expect(acknowledgedRules(stack)).toEqual({
      'AwsSolutions-COG1': `Opt-out (optOuts.passwordPolicy): ${reason}`,
      'SecureServerless-CognitoUserPoolPasswordPolicy': `Opt-out (optOuts.passwordPolicy): ${reason}`,
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('optOuts.passwordPolicy allows dropping a character class', () => {
    const { stack } = build({ passwordPolicy: { requireSymbols: false }, optOuts: { passwordPolicy: { reason } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: false }) },
    });
  });

  test('optOuts.deletionProtection turns deletion protection off and allows DESTROY', () => {
    const { stack } = build({ removalPolicy: RemovalPolicy.DESTROY, optOuts: { deletionProtection: { reason } } });

    Template.fromStack(stack).hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      DeletionPolicy: 'Delete',
    });
    expect(acknowledgedRules(stack)).toEqual({
      'SecureServerless-CognitoUserPoolDeletionProtection': `Opt-out (optOuts.deletionProtection): ${reason}`,
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('optOuts.threatProtection alone: the Essentials plan without threat protection, COG8 and ours acknowledged', () => {
    const { stack } = build({ optOuts: { threatProtection: { reason: 'Internal tool, 20 users' } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
    expect(acknowledgedRules(stack)).toEqual({
      'AwsSolutions-COG8': 'Opt-out (optOuts.threatProtection): Internal tool, 20 users',
      'SecureServerless-CognitoUserPoolThreatProtection': 'Opt-out (optOuts.threatProtection): Internal tool, 20 users',
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('optOuts.threatProtection with NO_ENFORCEMENT is the same as the opt-out alone', () => {
    const { stack } = build({
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT,
      optOuts: { threatProtection: { reason } },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });

  test('optOuts.threatProtection with AUDIT_ONLY stays on Plus and acknowledges only our rule', () => {
    const { stack } = build({
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      optOuts: {
        threatProtection: { reason: 'Two weeks of audit mode first, as AWS recommends', expires: '2027-01-15' },
      },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' } },
    });
    expect(Object.keys(acknowledgedRules(stack))).toEqual(['SecureServerless-CognitoUserPoolThreatProtection']);
    expect(ComplianceGate.check(stack, { today: '2027-01-01' }).violations).toEqual([]);
  });
});

describe('SecureUserPool with aws-cdk-lib HTTP API authorizers', () => {
  test('HttpUserPoolAuthorizer takes the pool and a client of it unchanged', () => {
    // GIVEN
    const { stack, pool } = build();
    const client = pool.addClient('Web');

    // WHEN
    const authorizer = new HttpUserPoolAuthorizer('Users', pool, { userPoolClients: [client] });
    new apigatewayv2.HttpApi(stack, 'Http', { defaultAuthorizer: authorizer }).addRoutes({
      path: '/orders',
      integration: new HttpUrlIntegration('Orders', 'https://orders.example.com'),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^UsersWeb') }],
        Issuer: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Users') }])] },
      },
    });
  });
});

describe('SecureUserPool as the authorizer of a SecureApi', () => {
  test('a method behind its CognitoUserPoolsAuthorizer passes the gate with zero findings and no COG4 exception', () => {
    // GIVEN
    const { app, stack } = newStack();
    const users = new SecureUserPool(stack, 'Users');
    users.addClient('Web');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [users] });
    const handler = new SecureFunction(stack, 'GetOrders', {
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
      handler: 'index.handler',
    });
    const api = new SecureApi(stack, 'Api', { authorizer });

    // WHEN
    const orders = api.root.addResource('orders');
    orders.addMethod('GET', new apigateway.LambdaIntegration(handler));
    orders.addMethod('HEAD', new apigateway.MockIntegration({ integrationResponses: [{ statusCode: '200' }] }), {
      methodResponses: [{ statusCode: '200' }],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs(
      'AWS::ApiGateway::Method',
      { AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: Match.stringLikeRegexp('^Authorizer') } },
      2,
    );
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Users'), 'Arn'] }],
    });
    const result = ComplianceGate.check(app);
    expect(result.violations).toEqual([]);
    expect(result.acknowledgments.flatMap((a) => a.ruleIds)).not.toContain('AwsSolutions-COG4');
  });
});
