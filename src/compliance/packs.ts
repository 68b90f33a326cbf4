import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NagPackProps,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { SecureServerlessChecks } from './secure-serverless-checks';

/**
 * The cdk-nag rule packs the compliance gate can run.
 */
export enum CompliancePack {
  /** AWS Solutions best practices (`AwsSolutions-*`). */
  AWS_SOLUTIONS = 'AwsSolutions',
  /** HIPAA Security rule (`HIPAA.Security-*`). */
  HIPAA_SECURITY = 'HIPAA.Security',
  /** NIST 800-53 revision 5 (`NIST.800.53.R5-*`). */
  NIST_800_53_R5 = 'NIST.800.53.R5',
  /** PCI DSS 3.2.1 (`PCI.DSS.321-*`). */
  PCI_DSS_321 = 'PCI.DSS.321',
  /** Serverless best practices (`Serverless-*`). */
  SERVERLESS = 'Serverless',
  /**
   * This library's own rules: OWASP Serverless Top 10 and controls cdk-nag lacks (`SecureServerless-*`, see
   * RULES.md). Opt-in until the gate's template stage and reports land.
   */
  SECURE_SERVERLESS = 'SecureServerless',
}

/** Every pack, in the order reports list them. */
export const ALL_PACKS: readonly CompliancePack[] = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.PCI_DSS_321,
  CompliancePack.SERVERLESS,
];

const FACTORIES: Record<CompliancePack, (props: NagPackProps) => NagPack> = {
  [CompliancePack.AWS_SOLUTIONS]: (props) => new AwsSolutionsChecks(undefined, props),
  [CompliancePack.HIPAA_SECURITY]: (props) => new HIPAASecurityChecks(undefined, props),
  [CompliancePack.NIST_800_53_R5]: (props) => new NIST80053R5Checks(undefined, props),
  [CompliancePack.PCI_DSS_321]: (props) => new PCIDSS321Checks(undefined, props),
  [CompliancePack.SERVERLESS]: (props) => new ServerlessChecks(undefined, props),
  [CompliancePack.SECURE_SERVERLESS]: (props) => new SecureServerlessChecks(undefined, props),
};

/**
 * Creates the cdk-nag pack for `pack`.
 * @internal
 */
export function createNagPack(pack: CompliancePack, verbose: boolean): NagPack {
  return FACTORIES[pack]({ verbose });
}
