import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureApi } from '../../src/api/secure-api';
import { SecureUserPool } from '../../src/auth/secure-user-pool';
import { SecureFunction } from '../../src/function/secure-function';
import { ComplianceCase, complianceTests, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });');

describe('SecureUserPool compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default pool', ({ stack }) => new SecureUserPool(stack, 'Users')],
    [
      'a pool with a web client, an OAuth client, a group and self sign-up',
      ({ stack }) => {
        const users = new SecureUserPool(stack, 'Users', { selfSignUpEnabled: true });
        users.addClient('Web');
        users.addClient('Hosted', {
          oAuth: { callbackUrls: ['https://app.example.com/callback'], scopes: [cognito.OAuthScope.OPENID] },
          accessTokenValidity: Duration.minutes(15),
        });
        users.addGroup('Admins', { groupName: 'admins' });
      },
    ],
    [
      'a SecureApi whose method a SecureUserPool authorizes',
      ({ stack }) => {
        const users = new SecureUserPool(stack, 'Users');
        users.addClient('Web');
        const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', {
          cognitoUserPools: [users],
        });
        const handler = new SecureFunction(stack, 'GetOrders', { code, handler: 'index.handler' });
        const api = new SecureApi(stack, 'Api', { authorizer });
        api.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(handler));
      },
    ],
  ];

  complianceTests('SecureUserPool compliance', cases);

  test('the same pool and client built from plain aws-cdk-lib fail, so the checks above can fail', () => {
    // GIVEN
    const fixture = newStack();
    new cognito.UserPool(fixture.stack, 'Plain').addClient('Web');

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-COG8 at TestStack/Plain/Resource',
        'warning AwsSolutions-COG2 at TestStack/Plain/Resource',
        'error SecureServerless-CognitoUserPoolDeletionProtection at TestStack/Plain/Resource',
        'error SecureServerless-CognitoUserPoolPasswordPolicy at TestStack/Plain/Resource',
        'error SecureServerless-CognitoUserPoolThreatProtection at TestStack/Plain/Resource',
        'error SecureServerless-CognitoUserPoolClientAuthFlows at TestStack/Plain/Web/Resource',
        'warning SecureServerless-CognitoUserPoolClientUserExistenceErrors at TestStack/Plain/Web/Resource',
      ]),
    );
  });
});
