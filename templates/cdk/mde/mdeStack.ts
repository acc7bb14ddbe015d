import { Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { MDE_AE_TITLE, MDE_PORTS } from '../../../src/core/kinds/mde/mdeKind';
import { applyContract, contractOutput } from '../common/contract';
import { addCostControls } from '../common/costControls';
import { plainStackProps } from '../common/plainApp';
import { MdeNetwork } from './mdeNetwork';
import { MDE_INSTANCE_TYPES, mdeParameters } from './mdeParameters';
import { MDE_INGRESS, MDE_KIBANA_INGRESS } from './mdePorts';
import { MdeSecrets } from './mdeSecrets';
import { MdeServer } from './mdeServer';

export const MDE_DESCRIPTION =
  'Imaging Lab: MONAI Deploy Express (Informatics Gateway, workflow and task managers, Orthanc) on one GPU instance (kind mde, contract 1)';

/** MIG's STOW-RS route (MIG user guide, "DICOMWeb STOW-RS APIs": POST /dicomweb/studies[/{study}]). */
export const MIG_STOW_PATH = '/dicomweb/studies';

export class MdeStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, plainStackProps(MDE_DESCRIPTION));
    applyContract(this, 'mde');
    const params = mdeParameters(this);
    const secrets = new MdeSecrets(this, 'Secrets', params.monaiUserPassword);
    const network = new MdeNetwork(this, 'Network', secrets.key, params.zone);
    const server = new MdeServer(this, 'Server', network.vpc, params, secrets);
    addCostControls(this, { instance: server.instance, instanceType: params.instanceType, allowedTypes: MDE_INSTANCE_TYPES, activity: 'cpu-and-gpu' });

    const host = server.eip.ref;
    const basePorts = MDE_INGRESS.map((r) => r.port).join(',');
    contractOutput(this, OUTPUT.sshHost, host, 'Elastic IP of the MDE server');
    contractOutput(this, OUTPUT.sshUser, 'ubuntu', "SSH login user (then 'su - monaiuser')");
    contractOutput(this, OUTPUT.instanceId, server.instance.instanceId, 'EC2 instance id');
    contractOutput(
      this,
      OUTPUT.keyPairParameter,
      Fn.join('', ['/ec2/keypair/', server.keyPair.keyPairId]),
      'SSM parameter holding the private SSH key',
    );
    contractOutput(this, OUTPUT.securityGroupId, server.securityGroup.securityGroupId, 'Security group that "Allow my IP" edits');
    contractOutput(
      this,
      OUTPUT.allowMyIpPorts,
      Fn.conditionIf(params.elkEnabled.logicalId, `${basePorts},${MDE_KIBANA_INGRESS.port}`, basePorts).toString(),
      'TCP ports opened to the allowed CIDR',
    );
    contractOutput(this, OUTPUT.webUrl, Fn.join('', ['http://', host, `:${MDE_PORTS.orthancHttp}/`]), 'Orthanc web UI (plain HTTP)');
    contractOutput(this, OUTPUT.dicomHost, host, 'DICOM host of the MONAI Informatics Gateway');
    contractOutput(this, OUTPUT.dicomPort, String(MDE_PORTS.migDicom), 'DICOM port of the MONAI Informatics Gateway');
    contractOutput(this, OUTPUT.dicomAeTitle, MDE_AE_TITLE, 'Called AE title of the MONAI Informatics Gateway');
    contractOutput(
      this,
      OUTPUT.dicomWebUrl,
      Fn.join('', ['http://', host, `:${MDE_PORTS.migHttp}${MIG_STOW_PATH}`]),
      'MIG STOW-RS URL (plain HTTP, port not opened: Imaging Lab reaches it through an SSH tunnel)',
    );
  }
}
