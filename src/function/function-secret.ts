import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PARAMETER_READ_ACTIONS } from './perms';

/**
 * A secret a SecureFunction reads at run time, by reference: the function's environment holds only the
 * secret's ARN or the parameter's name, and the function may read exactly that secret.
 */
export class FunctionSecret {
  /**
   * A Secrets Manager secret. The environment variable holds its ARN; the function may describe and read it
   * and decrypt it with its key.
   */
  public static fromSecret(secret: secretsmanager.ISecret): FunctionSecret {
    return new FunctionSecret(secret.secretArn, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, (grantee) =>
      secret.grantRead(grantee),
    );
  }

  /**
   * An SSM SecureString parameter. The environment variable holds its name; the function may read it and, when
   * `encryptionKey` is given, decrypt it with that key through SSM.
   *
   * @param parameter the parameter
   * @param encryptionKey the customer-managed key the parameter is encrypted with
   */
  public static fromSecureStringParameter(parameter: ssm.IParameter, encryptionKey?: kms.IKey): FunctionSecret {
    return new FunctionSecret(parameter.parameterName, ec2.InterfaceVpcEndpointAwsService.SSM, (grantee) => {
      const grant = iam.Grant.addToPrincipal({
        grantee,
        actions: PARAMETER_READ_ACTIONS,
        resourceArns: [parameter.parameterArn],
      });
      return encryptionKey ? grant.combine(encryptionKey.grantDecrypt(grantee)) : grant;
    });
  }

  /** What the environment variable holds: the secret's ARN or the parameter's name. */
  public readonly reference: string;
  /** The interface endpoint the function reaches the secret's service through from an isolated subnet. */
  public readonly endpointService: ec2.InterfaceVpcEndpointAwsService;
  private readonly grantRead: (grantee: iam.IGrantable) => iam.Grant;

  private constructor(
    reference: string,
    endpointService: ec2.InterfaceVpcEndpointAwsService,
    grantRead: (grantee: iam.IGrantable) => iam.Grant,
  ) {
    this.reference = reference;
    this.endpointService = endpointService;
    this.grantRead = grantRead;
  }

  /**
   * Lets `grantee` read the secret and returns the value for its environment variable.
   * @internal
   */
  public _bind(grantee: iam.IGrantable): string {
    this.grantRead(grantee);
    return this.reference;
  }
}
