import { CfnCondition, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { setParameterHints } from '../common/parameterHints';
import { setParameterInterface } from '../common/parameterInterface';
import { CIDR_PATTERN } from '../mde/mdeParameters';

/** How the endpoint proves itself, and whether clients must too. */
export const TLS_MODES = ['generated', 'generated-client-certificates', 'acm-certificate'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** Graviton types (the AMI is arm64); t4g.small streams well past 100 MB/s of DICOM into S3. */
export const STOWRS_INSTANCE_TYPES = ['t4g.small', 't4g.medium', 't4g.large', 'c7g.large', 'm7g.large'] as const;
/** Amazon Linux 2023's namespaced Node.js packages (nodejs22, nodejs24); 20 reached end of life in April 2026. */
export const NODE_MAJORS = ['22', '24'] as const;
export const LOG_LEVELS = ['INFO', 'DEBUG', 'WARNING', 'ERROR'] as const;

export const CERTIFICATE_ARN_PATTERN = '^(arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36})?$';
export const DOMAIN_PATTERN = '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)?$';
/** Base64 of the CA certificate's DER (a PEM body on one line): no quotes, spaces or newlines reach the instance. */
export const BASE64_PATTERN = '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
/**
 * One PREFIX segment: 1-64 S3-safe characters, never "." or ".." alone. Written without lookahead so
 * every engine agrees (CloudFormation's Java patterns, the wizard's linear-time matcher): a segment
 * starts with a non-dot, or is one dot then a non-dot, or two dots then anything.
 */
const SEGMENT = '([A-Za-z0-9_-][A-Za-z0-9._-]{0,63}|\\.[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}|\\.\\.[A-Za-z0-9._-]{1,62})';
/** Up to 8 segments; leading, trailing and repeated "/" are normalised away by the service. */
export const PREFIX_PATTERN = `^/*(${SEGMENT}/+){0,7}(${SEGMENT})?/*$`;
export const WADO_URL_PATTERN = '^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?)?$';
export const BUCKET_PATTERN = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
export const BUNDLE_KEY_PATTERN = '^[A-Za-z0-9._/-]{1,512}$';
export const SHA256_PATTERN = '^[a-f0-9]{64}$';

export interface StowrsParameters {
  readonly tlsMode: CfnParameter;
  readonly certificateArn: CfnParameter;
  readonly domainName: CfnParameter;
  readonly clientCaCertificate: CfnParameter;
  readonly allowedCidr: CfnParameter;
  readonly prefix: CfnParameter;
  readonly wadoUrl: CfnParameter;
  readonly logLevel: CfnParameter;
  readonly instanceType: CfnParameter;
  readonly nodeMajor: CfnParameter;
  readonly bundleBucket: CfnParameter;
  readonly bundleKey: CfnParameter;
  readonly bundleSha256: CfnParameter;
  readonly alarmEmail: CfnParameter;
  /** TLS terminated by the load balancer with the ACM certificate. */
  readonly useAcm: CfnCondition;
  readonly hasDomain: CfnCondition;
  readonly hasAlarmEmail: CfnCondition;
}

export function stowrsParameters(stack: Stack): StowrsParameters {
  const tlsMode = new CfnParameter(stack, 'TlsMode', {
    type: 'String',
    default: 'generated',
    allowedValues: [...TLS_MODES],
    description:
      "generated: the endpoint makes its own certificate and publishes its SHA-256 fingerprint for pinning; generated-client-certificates: the same, and clients must present a certificate signed by ClientCaCertificate (Imaging Lab generates both); acm-certificate: the load balancer presents CertificateArn for DomainName.",
  });
  const certificateArn = new CfnParameter(stack, 'CertificateArn', {
    type: 'String',
    default: '',
    allowedPattern: CERTIFICATE_ARN_PATTERN,
    description: 'acm-certificate mode only: ARN of an issued ACM certificate for DomainName in this region.',
    constraintDescription: 'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) or empty.',
  });
  const domainName = new CfnParameter(stack, 'DomainName', {
    type: 'String',
    default: '',
    maxLength: 253,
    allowedPattern: DOMAIN_PATTERN,
    description:
      'acm-certificate mode: the name on the certificate, used in DicomWebUrl (point a CNAME at LoadBalancerDnsName). Optional otherwise; added to the generated certificate.',
    constraintDescription: 'must be a lower-case DNS name such as stow.example.org, or empty.',
  });
  const clientCaCertificate = new CfnParameter(stack, 'ClientCaCertificate', {
    type: 'String',
    default: '',
    // An RSA-4096 CA certificate is about 1,900 base64 characters; the bound keeps user data under 16 KB.
    maxLength: 2400,
    allowedPattern: BASE64_PATTERN,
    description:
      'generated-client-certificates mode: the CA certificate that signs client certificates, as base64 DER (a PEM body on one line). Public data; Imaging Lab generates the CA and fills this in.',
    constraintDescription: 'must be base64 (the PEM body of one certificate without its BEGIN/END lines and line breaks), or empty.',
  });
  const allowedCidr = new CfnParameter(stack, 'AllowedCidr', {
    type: 'String',
    allowedPattern: CIDR_PATTERN,
    description: 'IPv4 range allowed to reach the STOW-RS endpoint (HTTPS 443). Imaging Lab fills in your public address as a /32.',
    constraintDescription: 'must be an IPv4 CIDR between /16 and /32, for example 203.0.113.7/32.',
  });
  const prefix = new CfnParameter(stack, 'Prefix', {
    type: 'String',
    default: '',
    maxLength: 200,
    allowedPattern: PREFIX_PATTERN,
    description: 'Key prefix in the DICOM bucket: instances land at PREFIX/study/series/sop.dcm (empty: at the bucket root).',
    constraintDescription: "must be up to 8 segments of letters, digits, '.', '_' or '-' separated by '/'.",
  });
  const wadoUrl = new CfnParameter(stack, 'WadoUrl', {
    type: 'String',
    default: '',
    maxLength: 300,
    allowedPattern: WADO_URL_PATTERN,
    description: 'Optional WADO-RS base URL: Store responses then carry RetrieveURLs <WadoUrl>/studies/... (empty: no RetrieveURL).',
    constraintDescription: 'must be an http(s) URL without credentials, query or fragment, or empty.',
  });
  const logLevel = new CfnParameter(stack, 'LogLevel', {
    type: 'String',
    default: LOG_LEVELS[0],
    allowedValues: [...LOG_LEVELS],
    description: 'Service log level (JSON lines in CloudWatch Logs; INFO logs one access line per request).',
  });
  const instanceType = new CfnParameter(stack, 'InstanceType', {
    type: 'String',
    default: STOWRS_INSTANCE_TYPES[0],
    allowedValues: [...STOWRS_INSTANCE_TYPES],
    description: 'Graviton (arm64) instance running the service. Nothing is buffered on disk; memory stays near 200 MB per busy instance.',
  });
  const nodeMajor = new CfnParameter(stack, 'NodeMajorVersion', {
    type: 'String',
    default: NODE_MAJORS[0],
    allowedValues: [...NODE_MAJORS],
    description: "Amazon Linux 2023's Node.js (nodejs22 or nodejs24 package) that runs the service bundle.",
  });
  const bundleBucket = new CfnParameter(stack, 'ServiceBundleBucket', {
    type: 'String',
    maxLength: 63,
    allowedPattern: BUCKET_PATTERN,
    description: 'S3 bucket in this account and region where Imaging Lab staged the service bundle (stowrs-service.js) before the deploy.',
    constraintDescription: 'must be an S3 bucket name.',
  });
  const bundleKey = new CfnParameter(stack, 'ServiceBundleKey', {
    type: 'String',
    maxLength: 512,
    allowedPattern: BUNDLE_KEY_PATTERN,
    description: 'Object key of the staged service bundle in ServiceBundleBucket.',
    constraintDescription: "must be an S3 key of letters, digits, '.', '_', '-' and '/'.",
  });
  const bundleSha256 = new CfnParameter(stack, 'ServiceBundleSha256', {
    type: 'String',
    maxLength: 64,
    allowedPattern: SHA256_PATTERN,
    description: 'SHA-256 (lower-case hex) of the staged bundle; the instance refuses to run a bundle with another digest.',
    constraintDescription: 'must be 64 lower-case hex digits.',
  });
  const alarmEmail = new CfnParameter(stack, 'AlarmEmail', {
    type: 'String',
    default: '',
    maxLength: 254,
    allowedPattern: '^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})?$',
    description: 'Optional e-mail address subscribed to the alarm topic (5xx answers, S3 write failures, no healthy instance, replacements).',
    constraintDescription: 'must be an e-mail address or empty.',
  });
  const hasAlarmEmail = new CfnCondition(stack, 'HasAlarmEmail', { expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail.valueAsString, '')) });
  const useAcm = new CfnCondition(stack, 'UseAcmCertificate', { expression: Fn.conditionEquals(tlsMode.valueAsString, 'acm-certificate') });
  const hasDomain = new CfnCondition(stack, 'HasDomainName', { expression: Fn.conditionNot(Fn.conditionEquals(domainName.valueAsString, '')) });

  // Refused at CreateStack with the reason, instead of a listener or an install failing later.
  const notEmpty = (p: CfnParameter) => Fn.conditionNot(Fn.conditionEquals(p.valueAsString, ''));
  new CfnRule(stack, 'AcmModeNeedsCertificate', {
    ruleCondition: Fn.conditionEquals(tlsMode.valueAsString, 'acm-certificate'),
    assertions: [
      { assert: notEmpty(certificateArn), assertDescription: 'TlsMode acm-certificate needs CertificateArn (an issued ACM certificate in this region).' },
      { assert: notEmpty(domainName), assertDescription: 'TlsMode acm-certificate needs DomainName (the name on the certificate).' },
    ],
  });
  new CfnRule(stack, 'ClientCertificatesNeedCa', {
    ruleCondition: Fn.conditionEquals(tlsMode.valueAsString, 'generated-client-certificates'),
    assertions: [{ assert: notEmpty(clientCaCertificate), assertDescription: 'TlsMode generated-client-certificates needs ClientCaCertificate (the CA that signs client certificates).' }],
  });

  setParameterInterface(stack, [
    {
      label: 'Endpoint',
      parameters: [
        { parameter: tlsMode, label: 'TLS mode' },
        { parameter: allowedCidr, label: 'Allowed source range (CIDR)' },
        { parameter: clientCaCertificate, label: 'Client CA certificate (base64 DER)' },
        { parameter: certificateArn, label: 'ACM certificate ARN' },
        { parameter: domainName, label: 'Domain name' },
      ],
    },
    {
      label: 'Storage',
      parameters: [
        { parameter: prefix, label: 'Key prefix (PREFIX)' },
        { parameter: wadoUrl, label: 'WADO-RS base URL (WADOURL)' },
      ],
    },
    {
      label: 'Service',
      parameters: [
        { parameter: instanceType, label: 'Instance type' },
        { parameter: nodeMajor, label: 'Node.js major version' },
        { parameter: logLevel, label: 'Log level (LOGLEVEL)' },
        { parameter: alarmEmail, label: 'Alarm e-mail (optional)' },
      ],
    },
    {
      label: 'Service bundle (staged by Imaging Lab)',
      parameters: [
        { parameter: bundleBucket, label: 'Bundle bucket' },
        { parameter: bundleKey, label: 'Bundle key' },
        { parameter: bundleSha256, label: 'Bundle SHA-256' },
      ],
    },
  ]);
  // Imaging Lab's pre-deploy step stages the bundle and generates the client CA: the wizard never asks these.
  setParameterHints(
    stack,
    [bundleBucket, bundleKey, bundleSha256, clientCaCertificate].map((parameter) => ({ parameter, hint: { Provider: 'KindPrepare' as const } })),
  );
  return { tlsMode, certificateArn, domainName, clientCaCertificate, allowedCidr, prefix, wadoUrl, logLevel, instanceType, nodeMajor, bundleBucket, bundleKey, bundleSha256, alarmEmail, useAcm, hasDomain, hasAlarmEmail };
}
