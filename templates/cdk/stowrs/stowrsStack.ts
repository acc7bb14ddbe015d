import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { applyContract, contractOutput } from '../common/contract';
import { plainStackProps } from '../common/plainApp';
import { StowrsAlarms } from './stowrsAlarms';
import { StowrsEndpoint } from './stowrsEndpoint';
import { StowrsNetwork } from './stowrsNetwork';
import { stowrsParameters } from './stowrsParameters';
import { STOWRS_PORTS } from './stowrsPorts';
import { StowrsServer } from './stowrsServer';
import { StowrsStorage } from './stowrsStorage';

export const STOWRS_DESCRIPTION =
  'Imaging Lab: STOW-RS to S3 (HTTPS DICOMweb store endpoint writing every instance to S3 as PREFIX/study/series/sop.dcm) (kind stowrs, contract 1)';

/** Kind-specific outputs (besides the contract's DicomWebUrl, SecurityGroupId and AllowMyIpPorts). */
export const STOWRS_OUTPUT = {
  bucket: 'DicomBucket',
  prefix: 'DicomPrefix',
  tlsMode: 'EndpointTlsMode',
  fingerprintParameter: 'EndpointFingerprintParameter',
  certificateParameter: 'EndpointCertificateParameter',
  loadBalancerDnsName: 'LoadBalancerDnsName',
  logGroup: 'ServiceLogGroup',
  alarmTopic: 'AlarmTopicArn',
} as const;

export class StowrsStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, plainStackProps(STOWRS_DESCRIPTION));
    applyContract(this, 'stowrs');
    const params = stowrsParameters(this);
    const storage = new StowrsStorage(this, 'Storage');
    const network = new StowrsNetwork(this, 'Network', storage.key);
    const endpoint = new StowrsEndpoint(this, 'Endpoint', network.vpc, params, storage.logBucket);
    const alarms = new StowrsAlarms(this, 'Alarms', storage.serviceLogs, endpoint, storage.key);
    new StowrsServer(this, 'Server', network.vpc, params, storage, endpoint, alarms.topic);

    const subscription = new sns.CfnSubscription(this, 'AlarmEmailSubscription', { topicArn: alarms.topic.topicArn, protocol: 'email', endpoint: params.alarmEmail.valueAsString });
    subscription.cfnOptions.condition = params.hasAlarmEmail;

    const host = Fn.conditionIf(params.hasDomain.logicalId, params.domainName.valueAsString, endpoint.loadBalancer.loadBalancerDnsName).toString();
    contractOutput(this, OUTPUT.dicomWebUrl, Fn.join('', ['https://', host, '/studies']), 'STOW-RS URL (POST /studies)');
    contractOutput(this, OUTPUT.securityGroupId, endpoint.loadBalancerSecurityGroup.securityGroupId, 'Security group that "Allow my IP" edits (the load balancer\'s)');
    contractOutput(this, OUTPUT.allowMyIpPorts, String(STOWRS_PORTS.https), 'TCP ports opened to the allowed CIDR');
    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output(STOWRS_OUTPUT.bucket, storage.dicomBucket.bucketName, 'S3 bucket receiving the instances');
    output(STOWRS_OUTPUT.prefix, params.prefix.valueAsString, 'PREFIX as given (the service drops leading, trailing and repeated "/")');
    output(STOWRS_OUTPUT.tlsMode, params.tlsMode.valueAsString, 'generated | generated-client-certificates | acm-certificate');
    output(STOWRS_OUTPUT.fingerprintParameter, storage.fingerprintParameter.parameterName, 'SSM parameter with the endpoint certificate SHA-256 fingerprint (pin it)');
    output(STOWRS_OUTPUT.certificateParameter, storage.certificateParameter.parameterName, 'SSM parameter with the endpoint certificate (PEM)');
    output(STOWRS_OUTPUT.loadBalancerDnsName, endpoint.loadBalancer.loadBalancerDnsName, 'Load balancer name (CNAME target for DomainName)');
    output(STOWRS_OUTPUT.logGroup, storage.serviceLogs.logGroupName, 'CloudWatch log group of the service (JSON lines)');
    output(STOWRS_OUTPUT.alarmTopic, alarms.topic.topicArn, 'SNS topic of the alarms');
  }
}
