import { ApiAccessLogging } from './apigateway/ApiAccessLogging';
import { ApiMethodAuthorization } from './apigateway/ApiMethodAuthorization';
import { ApiRequestValidation } from './apigateway/ApiRequestValidation';
import { ApiThrottling } from './apigateway/ApiThrottling';
import { HttpApiRouteAuthorization } from './apigateway/HttpApiRouteAuthorization';
import { DynamoDBCustomerManagedKey } from './dynamodb/DynamoDBCustomerManagedKey';
import { DynamoDBDeletionProtection } from './dynamodb/DynamoDBDeletionProtection';
import { SecurityGroupOpenEgress } from './ec2/SecurityGroupOpenEgress';
import { IamWildcardAction } from './iam/IamWildcardAction';
import { IamWildcardResource } from './iam/IamWildcardResource';
import { KmsGrantsOnlyForAwsServices } from './kms/KmsGrantsOnlyForAwsServices';
import { KmsKeyRotation } from './kms/KmsKeyRotation';
import { LambdaConcurrency } from './lambda/LambdaConcurrency';
import { LambdaDeadLetter } from './lambda/LambdaDeadLetter';
import { LambdaEnvironmentCustomerManagedKey } from './lambda/LambdaEnvironmentCustomerManagedKey';
import { LambdaFunctionUrlAuth } from './lambda/LambdaFunctionUrlAuth';
import { LambdaInsideVpc } from './lambda/LambdaInsideVpc';
import { LambdaPlaintextSecret } from './lambda/LambdaPlaintextSecret';
import { LambdaPublicInvoke } from './lambda/LambdaPublicInvoke';
import { LambdaPublicSubnet } from './lambda/LambdaPublicSubnet';
import { LambdaRecursiveLoop } from './lambda/LambdaRecursiveLoop';
import { LambdaTracing } from './lambda/LambdaTracing';
import { LogGroupCustomerManagedKey } from './logs/LogGroupCustomerManagedKey';
import { LogGroupRetention } from './logs/LogGroupRetention';
import { RuleDefinition } from './rule';
import { SnsCustomerManagedKey } from './sns/SnsCustomerManagedKey';
import { SqsCustomerManagedKey } from './sqs/SqsCustomerManagedKey';

export * from './rule';

/**
 * This library's own rules, sorted by name: the one catalog that the cdk-nag pack, the template gate, the audit
 * CLI and RULES.md read. A rule lives in `<service>/<Name>.ts`, with its text and framework mappings.
 * @internal
 */
export const ALL_RULES: readonly RuleDefinition[] = [
  ApiAccessLogging,
  ApiMethodAuthorization,
  ApiRequestValidation,
  ApiThrottling,
  DynamoDBCustomerManagedKey,
  DynamoDBDeletionProtection,
  HttpApiRouteAuthorization,
  IamWildcardAction,
  IamWildcardResource,
  KmsGrantsOnlyForAwsServices,
  KmsKeyRotation,
  LambdaConcurrency,
  LambdaDeadLetter,
  LambdaEnvironmentCustomerManagedKey,
  LambdaFunctionUrlAuth,
  LambdaInsideVpc,
  LambdaPlaintextSecret,
  LambdaPublicInvoke,
  LambdaPublicSubnet,
  LambdaRecursiveLoop,
  LambdaTracing,
  LogGroupCustomerManagedKey,
  LogGroupRetention,
  SecurityGroupOpenEgress,
  SnsCustomerManagedKey,
  SqsCustomerManagedKey,
];
