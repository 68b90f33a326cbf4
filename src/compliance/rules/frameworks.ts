import { FrameworkMapping } from './rule';

/**
 * Framework mappings that several rules share because they check the same control on different services: written
 * once here, so that a correction reaches every rule of the control.
 */

/** A data store's encryption at rest with a customer-managed key (tables, queues, buckets). @internal */
export const CUSTOMER_MANAGED_KEY_AT_REST: FrameworkMapping = {
  owasp: ['SAS-3'],
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  pci: ['3.4'],
  nist: ['SC-12', 'SC-28(1)'],
  gdpr: ['Art. 32'],
};

/**
 * Encryption in transit with a current TLS version: a resource policy that refuses requests without TLS (queues,
 * topics, buckets), or an endpoint that refuses TLS older than 1.2 (API Gateway custom domain names).
 * @internal
 */
export const TLS_ONLY: FrameworkMapping = {
  owasp: ['SAS-3'],
  hipaa: ['164.312(e)(1)', '164.312(e)(2)(i)'],
  pci: ['4.1'],
  nist: ['SC-8', 'SC-8(1)'],
  gdpr: ['Art. 32'],
};

/** A record of every request or event, kept in CloudWatch Logs (API stages, state machines). @internal */
export const AUDIT_LOGGING: FrameworkMapping = {
  owasp: ['SAS-5'],
  hipaa: ['164.312(b)'],
  pci: ['10.1', '10.2'],
  nist: ['AU-2', 'AU-12'],
};

/** Active X-Ray tracing (API stages, functions, state machines). @internal */
export const XRAY_TRACING: FrameworkMapping = {
  owasp: ['SAS-5'],
  hipaa: ['164.312(b)'],
  nist: ['AU-12', 'SI-4'],
};
