import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { applyContract, contractOutput } from '../common/contract';
import { addCostControls } from '../common/costControls';
import { plainStackProps } from '../common/plainApp';
import { OrthancData } from './orthancData';
import { OrthancDatabase } from './orthancDatabase';
import { OrthancNetwork } from './orthancNetwork';
import { ORTHANC_INSTANCE_TYPES, orthancParameters } from './orthancParameters';
import { ORTHANC_AE_TITLE, ORTHANC_DICOMWEB_PATH, ORTHANC_INGRESS, ORTHANC_PORTS } from './orthancPorts';
import { OrthancServer } from './orthancServer';

export const ORTHANC_DESCRIPTION =
  'Imaging Lab: Orthanc with DICOMweb behind nginx (HTTPS 443, DICOM-TLS 11112), images in S3, index in RDS PostgreSQL or encrypted EBS (kind orthanc, contract 1)';

/** Kind-specific outputs (besides the contract ones). */
export const ORTHANC_EXTRA_OUTPUT = {
  bucket: 'ImageBucket',
  databaseEndpoint: 'DatabaseEndpoint',
  fingerprintParameter: 'TlsFingerprintParameter',
  caParameter: 'TlsCaCertificateParameter',
} as const;

export class OrthancStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, plainStackProps(ORTHANC_DESCRIPTION));
    applyContract(this, 'orthanc');
    const params = orthancParameters(this);
    const data = new OrthancData(this, 'Data');
    const network = new OrthancNetwork(this, 'Network', data.key);
    const database = new OrthancDatabase(this, 'Database', network.vpc, data.key, params);
    const server = new OrthancServer(this, 'Server', { vpc: network.vpc, params, data, database });
    // No GPU type is offered, so 'auto' leaves idle stop off: a PACS waiting for images is idle by design.
    addCostControls(this, { instance: server.instance, instanceType: params.instanceType, allowedTypes: ORTHANC_INSTANCE_TYPES, activity: 'cpu' });

    const host = server.eip.ref;
    const https = Fn.join('', ['https://', host]);
    contractOutput(this, OUTPUT.webUrl, Fn.join('', [https, '/']), 'Orthanc web UI (HTTPS; certificate pinned by TlsFingerprintParameter)');
    contractOutput(this, OUTPUT.dicomWebUrl, Fn.join('', [https, `${ORTHANC_DICOMWEB_PATH}/studies`]), 'STOW-RS URL (HTTPS, basic auth)');
    contractOutput(this, OUTPUT.dicomWebCredentialsSecret, data.adminSecret.secretArn, 'Secrets Manager secret holding the Orthanc admin credentials (basic auth)');
    contractOutput(this, OUTPUT.dicomHost, host, 'DICOM-TLS host (Elastic IP)');
    contractOutput(this, OUTPUT.dicomPort, String(ORTHANC_PORTS.dicomTls), 'DICOM-TLS port (TLS required)');
    contractOutput(this, OUTPUT.dicomAeTitle, ORTHANC_AE_TITLE, 'Called AE title of Orthanc');
    contractOutput(this, OUTPUT.instanceId, server.instance.instanceId, 'EC2 instance id (Session Manager, EC2 Instance Connect)');
    contractOutput(this, OUTPUT.securityGroupId, server.securityGroup.securityGroupId, 'Security group that "Allow my IP" edits');
    contractOutput(this, OUTPUT.allowMyIpPorts, [...new Set(ORTHANC_INGRESS.map((r) => r.port))].sort((a, b) => a - b).join(','), 'TCP ports opened to the allowed CIDR');
    new CfnOutput(this, ORTHANC_EXTRA_OUTPUT.bucket, { value: data.bucket.bucketName, description: 'S3 bucket holding the images (empty it before deleting the stack)' });
    new CfnOutput(this, ORTHANC_EXTRA_OUTPUT.databaseEndpoint, {
      value: database.instance.dbInstanceEndpointAddress,
      description: 'RDS PostgreSQL endpoint of the index (production profile)',
      condition: params.production,
    });
    new CfnOutput(this, ORTHANC_EXTRA_OUTPUT.fingerprintParameter, {
      value: data.fingerprintParameter.parameterName,
      description: 'SSM parameter with the SHA-256 fingerprint of the served certificate',
    });
    new CfnOutput(this, ORTHANC_EXTRA_OUTPUT.caParameter, {
      value: data.caParameter.parameterName,
      description: 'SSM parameter with the PEM of the CA that signed the served certificate',
    });
  }
}
