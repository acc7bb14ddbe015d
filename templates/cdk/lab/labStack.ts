import { Aws, CfnCondition, CfnOutput, Fn, Stack, type CfnElement } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { applyContract, contractOutput } from '../common/contract';
import { addCostControls } from '../common/costControls';
import { plainStackProps } from '../common/plainApp';
import { LabClientVpn } from './labClientVpn';
import { LabFileGator } from './labFileGator';
import { LAB_SSH_USER } from './labInstance';
import { LabJupyter } from './labJupyter';
import { LabNetwork } from './labNetwork';
import { FILEGATOR_INSTANCE_TYPES, JUPYTER_INSTANCE_TYPES, labParameters, type LabParameters } from './labParameters';
import { LabPipeline } from './labPipeline';
import { LAB_PORTS } from './labPorts';
import { LabStorage } from './labStorage';

export const LAB_DESCRIPTION =
  'Imaging Lab: research lab - Jupyter, S3 + Lambda; optional FileGator, NAT gateway, Client VPN (kind lab, contract 1)';

/** Kind-specific outputs (documented for the catalog); the contract ones come from OUTPUT. */
export const LAB_OUTPUT = {
  jupyterPort: 'JupyterPort',
  jupyterTokenSecret: 'JupyterTokenSecret',
  inputBucket: 'InputBucket',
  outputBucket: 'OutputBucket',
  imageFunction: 'ImageFunctionName',
  deadLetterQueue: 'ImageDeadLetterQueueUrl',
  fileGatorInstanceId: 'FileGatorInstanceId',
  fileGatorPrivateIp: 'FileGatorPrivateIp',
  fileGatorPort: 'FileGatorPort',
  fileGatorAdminSecret: 'FileGatorAdminSecret',
  natGatewayId: 'NatGatewayId',
  clientVpnEndpointId: 'ClientVpnEndpointId',
} as const;

export class LabStack extends Stack {
  private readonly logicalIds = new Map<string, CfnElement>();

  constructor(scope: Construct, id: string) {
    super(scope, id, plainStackProps(LAB_DESCRIPTION));
    applyContract(this, 'lab');
    const params = labParameters(this);
    const storage = new LabStorage(this, 'Storage');
    const network = new LabNetwork(this, 'Network', params, storage.key);
    const pipeline = new LabPipeline(this, 'Pipeline', storage, params.processedSuffix);

    // One key pair for both instances (FileGator is reached through Jupyter with the same key).
    // AWS keeps the private key in SSM Parameter Store at /ec2/keypair/<KeyPairId>.
    const keyPair = new ec2.CfnKeyPair(this, 'KeyPair', { keyName: `${Aws.STACK_NAME}-lab`, keyType: 'ed25519' });
    const jupyter = new LabJupyter(this, 'Jupyter', { network, params, storage, keyName: keyPair.ref });
    const fileGator = new LabFileGator(this, 'FileGator', { network, params, storage, keyName: keyPair.ref, jumpHostGroupId: jupyter.securityGroup.securityGroupId });
    const vpn = new LabClientVpn(this, 'ClientVpn', { network, params, storage });
    const fileGatorAndVpn = new CfnCondition(this, 'FileGatorAndClientVpnOn', { expression: Fn.conditionAnd(params.fileGatorOn, params.clientVpnOn) });
    for (const port of [LAB_PORTS.ssh, LAB_PORTS.fileGator]) {
      const ingress = new ec2.CfnSecurityGroupIngress(this, `FileGatorFromClientVpn${port}`, {
        groupId: fileGator.securityGroup.attrGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        sourceSecurityGroupId: vpn.securityGroup.attrGroupId,
        description: 'From the Client VPN endpoint',
      });
      ingress.cfnOptions.condition = fileGatorAndVpn;
    }

    // Issue 18: the Costs group (idle auto-stop of both instances, a budget, cost tags), as MDE and Orthanc have.
    addCostControls(this, {
      instance: { instanceId: jupyter.server.instance.ref },
      instanceType: params.jupyterInstanceType,
      allowedTypes: JUPYTER_INSTANCE_TYPES,
      activity: 'cpu',
      others: [{ id: 'FileGator', instance: { instanceId: fileGator.server.instance.ref }, instanceType: params.fileGatorInstanceType, allowedTypes: FILEGATOR_INSTANCE_TYPES, condition: params.fileGatorOn }],
    });

    this.outputs(params, { storage, pipeline, jupyter, fileGator, vpn, network, keyPair });
  }

  /**
   * Logical ids from the construct path without CDK's hash suffix ('PipelineFunction', not
   * 'PipelineFunction478EC3AB'): readable in the console and events, and short enough, across
   * every Ref, for the template to stay under the 51,200-byte TemplateBody limit. Unique by check.
   */
  protected override allocateLogicalId(element: CfnElement): string {
    const id = element.node.scopes
      .slice(2)
      .map((scope) => scope.node.id)
      .filter((part) => part !== 'Resource' && part !== 'Default')
      .join('')
      .replace(/[^A-Za-z0-9]/g, '');
    const owner = this.logicalIds.get(id);
    if (owner && owner !== element) throw new Error(`two elements of the lab stack would be named ${id}`);
    this.logicalIds.set(id, element);
    return id;
  }

  private outputs(
    params: LabParameters,
    r: { storage: LabStorage; pipeline: LabPipeline; jupyter: LabJupyter; fileGator: LabFileGator; vpn: LabClientVpn; network: LabNetwork; keyPair: ec2.CfnKeyPair },
  ): void {
    const host = r.jupyter.eip.ref;
    contractOutput(this, OUTPUT.sshHost, host, 'Jupyter Elastic IP (jump host to FileGator)');
    contractOutput(this, OUTPUT.sshUser, LAB_SSH_USER, 'SSH user of both instances');
    contractOutput(this, OUTPUT.instanceId, r.jupyter.server.instance.ref, 'Jupyter instance');
    contractOutput(this, OUTPUT.keyPairParameter, Fn.join('', ['/ec2/keypair/', r.keyPair.attrKeyPairId]), 'SSM parameter with the private SSH key');
    contractOutput(this, OUTPUT.securityGroupId, r.jupyter.securityGroup.securityGroupId, 'Security group that "Allow my IP" edits');
    contractOutput(
      this,
      OUTPUT.allowMyIpPorts,
      Fn.conditionIf(params.jupyterPortOpen.logicalId, `${LAB_PORTS.ssh},${LAB_PORTS.jupyter}`, String(LAB_PORTS.ssh)).toString(),
      'TCP ports opened to the allowed CIDR',
    );
    const web = contractOutput(this, OUTPUT.webUrl, Fn.join('', ['http://', host, `:${LAB_PORTS.jupyter}/lab`]), 'JupyterLab (HTTP, token), while OpenJupyterPort');
    web.condition = params.jupyterPortOpen;

    const out = (name: string, value: string, description: string, condition?: CfnCondition): void => {
      new CfnOutput(this, name, { value, description, ...(condition ? { condition } : {}) });
    };
    out(LAB_OUTPUT.jupyterPort, String(LAB_PORTS.jupyter), 'Jupyter port (SSH tunnel to 127.0.0.1)');
    out(LAB_OUTPUT.jupyterTokenSecret, r.jupyter.tokenSecret.secretArn, 'Secret with the Jupyter token');
    out(LAB_OUTPUT.inputBucket, r.storage.inputBucketName, 'Uploads here trigger the function');
    out(LAB_OUTPUT.outputBucket, r.storage.outputBucketName, 'Processed images appear here');
    out(LAB_OUTPUT.imageFunction, r.pipeline.function.functionName, 'Image function');
    out(LAB_OUTPUT.deadLetterQueue, r.pipeline.deadLetterQueue.queueUrl, 'Events the function failed on');
    out(LAB_OUTPUT.fileGatorInstanceId, r.fileGator.server.instance.ref, 'FileGator instance', params.fileGatorOn);
    out(LAB_OUTPUT.fileGatorPrivateIp, r.fileGator.server.instance.attrPrivateIp, 'FileGator private address', params.fileGatorOn);
    out(LAB_OUTPUT.fileGatorPort, String(LAB_PORTS.fileGator), 'FileGator HTTP port', params.fileGatorOn);
    out(LAB_OUTPUT.fileGatorAdminSecret, r.fileGator.adminSecret.secretArn, "Secret with FileGator's admin password", params.fileGatorOn);
    out(LAB_OUTPUT.natGatewayId, r.network.natGateway.ref, 'NAT gateway (billed hourly)', params.natOn);
    out(LAB_OUTPUT.clientVpnEndpointId, r.vpn.endpoint.ref, 'Client VPN endpoint (billed hourly)', params.clientVpnOn);
  }
}
