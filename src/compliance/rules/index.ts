import { ApiAccessLogging } from './apigateway/ApiAccessLogging';
import { ApiDomainTls12 } from './apigateway/ApiDomainTls12';
import { ApiExecutionLogging } from './apigateway/ApiExecutionLogging';
import { ApiMethodAuthorization } from './apigateway/ApiMethodAuthorization';
import { ApiRequestValidation } from './apigateway/ApiRequestValidation';
import { ApiThrottling } from './apigateway/ApiThrottling';
import { ApiTracing } from './apigateway/ApiTracing';
import { HttpApiRouteAuthorization } from './apigateway/HttpApiRouteAuthorization';
import { CognitoUserPoolClientAuthFlows } from './cognito/CognitoUserPoolClientAuthFlows';
import { CognitoUserPoolClientTokenValidity } from './cognito/CognitoUserPoolClientTokenValidity';
import { CognitoUserPoolClientUserExistenceErrors } from './cognito/CognitoUserPoolClientUserExistenceErrors';
import { CognitoUserPoolDeletionProtection } from './cognito/CognitoUserPoolDeletionProtection';
import { CognitoUserPoolPasswordPolicy } from './cognito/CognitoUserPoolPasswordPolicy';
import { CognitoUserPoolThreatProtection } from './cognito/CognitoUserPoolThreatProtection';
import { DynamoDBCustomerManagedKey } from './dynamodb/DynamoDBCustomerManagedKey';
import { DynamoDBDeletionProtection } from './dynamodb/DynamoDBDeletionProtection';
import { DynamoDBPointInTimeRecovery } from './dynamodb/DynamoDBPointInTimeRecovery';
import { SecurityGroupOpenEgress } from './ec2/SecurityGroupOpenEgress';
import { EventBridgeTargetDeadLetterQueue } from './events/EventBridgeTargetDeadLetterQueue';
import { EventBusCustomerManagedKey } from './events/EventBusCustomerManagedKey';
import { IamAwsManagedPolicy } from './iam/IamAwsManagedPolicy';
import { IamWildcardAction } from './iam/IamWildcardAction';
import { IamWildcardResource } from './iam/IamWildcardResource';
import { KmsGrantsOnlyForAwsServices } from './kms/KmsGrantsOnlyForAwsServices';
import { KmsKeyPolicyNotPublic } from './kms/KmsKeyPolicyNotPublic';
import { KmsKeyRotation } from './kms/KmsKeyRotation';
import { LambdaCodeSigningEnforced } from './lambda/LambdaCodeSigningEnforced';
import { LambdaConcurrency } from './lambda/LambdaConcurrency';
import { LambdaDeadLetter } from './lambda/LambdaDeadLetter';
import { LambdaEnvironmentCustomerManagedKey } from './lambda/LambdaEnvironmentCustomerManagedKey';
import { LambdaFunctionUrlAuth } from './lambda/LambdaFunctionUrlAuth';
import { LambdaInsideVpc } from './lambda/LambdaInsideVpc';
import { LambdaPlaintextSecret } from './lambda/LambdaPlaintextSecret';
import { LambdaPublicInvoke } from './lambda/LambdaPublicInvoke';
import { LambdaPublicSubnet } from './lambda/LambdaPublicSubnet';
import { LambdaRecursiveLoop } from './lambda/LambdaRecursiveLoop';
import { LambdaServiceReachable } from './lambda/LambdaServiceReachable';
import { LambdaTracing } from './lambda/LambdaTracing';
import { LambdaVulnerableDependency } from './lambda/LambdaVulnerableDependency';
import { LogGroupCustomerManagedKey } from './logs/LogGroupCustomerManagedKey';
import { LogGroupRetention } from './logs/LogGroupRetention';
import { RuleDefinition } from './rule';
import { S3CustomerManagedKey } from './s3/S3CustomerManagedKey';
import { S3PublicAccessBlocked } from './s3/S3PublicAccessBlocked';
import { S3TlsOnly } from './s3/S3TlsOnly';
import { SnsCustomerManagedKey } from './sns/SnsCustomerManagedKey';
import { SnsTlsOnly } from './sns/SnsTlsOnly';
import { SqsCustomerManagedKey } from './sqs/SqsCustomerManagedKey';
import { SqsDeadLetterQueue } from './sqs/SqsDeadLetterQueue';
import { SqsTlsOnly } from './sqs/SqsTlsOnly';
import { StateMachineCustomerManagedKey } from './stepfunctions/StateMachineCustomerManagedKey';
import { StateMachineExecutionDataExcluded } from './stepfunctions/StateMachineExecutionDataExcluded';
import { StateMachineLogging } from './stepfunctions/StateMachineLogging';
import { StateMachineTracing } from './stepfunctions/StateMachineTracing';

export * from './rule';

/**
 * This library's own rules, sorted by name: the one catalog that the cdk-nag pack, the template gate, the audit
 * CLI and RULES.md read. A rule lives in `<service>/<Name>.ts`, with its text and framework mappings.
 * @internal
 */
export const ALL_RULES: readonly RuleDefinition[] = [
  ApiAccessLogging,
  ApiDomainTls12,
  ApiExecutionLogging,
  ApiMethodAuthorization,
  ApiRequestValidation,
  ApiThrottling,
  ApiTracing,
  CognitoUserPoolClientAuthFlows,
  CognitoUserPoolClientTokenValidity,
  CognitoUserPoolClientUserExistenceErrors,
  CognitoUserPoolDeletionProtection,
  CognitoUserPoolPasswordPolicy,
  CognitoUserPoolThreatProtection,
  DynamoDBCustomerManagedKey,
  DynamoDBDeletionProtection,
  DynamoDBPointInTimeRecovery,
  EventBridgeTargetDeadLetterQueue,
  EventBusCustomerManagedKey,
  HttpApiRouteAuthorization,
  IamAwsManagedPolicy,
  IamWildcardAction,
  IamWildcardResource,
  KmsGrantsOnlyForAwsServices,
  KmsKeyPolicyNotPublic,
  KmsKeyRotation,
  LambdaCodeSigningEnforced,
  LambdaConcurrency,
  LambdaDeadLetter,
  LambdaEnvironmentCustomerManagedKey,
  LambdaFunctionUrlAuth,
  LambdaInsideVpc,
  LambdaPlaintextSecret,
  LambdaPublicInvoke,
  LambdaPublicSubnet,
  LambdaRecursiveLoop,
  LambdaServiceReachable,
  LambdaTracing,
  LambdaVulnerableDependency,
  LogGroupCustomerManagedKey,
  LogGroupRetention,
  S3CustomerManagedKey,
  S3PublicAccessBlocked,
  S3TlsOnly,
  SecurityGroupOpenEgress,
  SnsCustomerManagedKey,
  SnsTlsOnly,
  SqsCustomerManagedKey,
  SqsDeadLetterQueue,
  SqsTlsOnly,
  StateMachineCustomerManagedKey,
  StateMachineExecutionDataExcluded,
  StateMachineLogging,
  StateMachineTracing,
];
