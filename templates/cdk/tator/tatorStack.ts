import { Aws, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { TATOR_ADMIN_USER } from '../../../src/core/kinds/tator/tatorJobs';
import { TATOR_VALUE_OUTPUTS, type TatorManifestValues } from '../../../src/core/kinds/tator/tatorValues';
import { applyContract, contractOutput } from '../common/contract';
import { plainStackProps } from '../common/plainApp';
import { TatorCluster } from './tatorCluster';
import { TatorDatabase } from './tatorDatabase';
import { TatorIdentities } from './tatorIdentities';
import { TatorInstaller } from './tatorInstaller';
import { TatorNetwork } from './tatorNetwork';
import { tatorParameters } from './tatorParameters';
import { TatorSecrets } from './tatorSecrets';
import { TatorStorage } from './tatorStorage';

export const TATOR_DESCRIPTION =
  'Imaging Lab: Tator video and image annotation on Amazon EKS (managed CPU and GPU node groups, EFS, RDS PostgreSQL, S3), installed inside AWS (kind tator, contract 1)';

/** Outputs beyond the contract ones, read by the Tator kind's actions. */
export const TATOR_OUTPUTS = {
  tatorUrl: 'TatorUrl',
  clusterName: 'ClusterName',
  kubeconfigCommand: 'KubeconfigCommand',
  adminSecret: 'TatorAdminSecret',
  adminUser: 'TatorAdminUser',
} as const;

export class TatorStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, plainStackProps(TATOR_DESCRIPTION));
    applyContract(this, 'tator');
    const params = tatorParameters(this);
    const secrets = new TatorSecrets(this, 'Secrets');
    const network = new TatorNetwork(this, 'Network', secrets.key);
    const cluster = new TatorCluster(this, 'Eks', { vpc: network.vpc, key: secrets.key, params });
    const nodeSecurityGroupId = cluster.nodeSecurityGroupId;
    const storage = new TatorStorage(this, 'Storage', { vpc: network.vpc, key: secrets.key, nodeSecurityGroupId });
    const database = new TatorDatabase(this, 'Database', {
      vpc: network.vpc,
      key: secrets.key,
      nodeSecurityGroupId,
      instanceClass: params.databaseClass.valueAsString,
    });
    const identities = new TatorIdentities(this, 'Identities', { cluster, fileSystem: storage.fileSystem, mediaBucket: storage.mediaBucket, key: secrets.key });
    const coreDns = cluster.addon('coredns');
    for (const addon of [coreDns, identities.efsCsiDriver]) addon.node.addDependency(cluster.cpuNodes);

    const values: TatorManifestValues = {
      region: Aws.REGION,
      fileSystemId: storage.fileSystem.fileSystemId,
      mediaBucket: storage.mediaBucket.bucketName,
      databaseHost: database.instance.dbInstanceEndpointAddress,
      allowedCidr: params.allowedCidr.valueAsString,
      imageTag: params.imageTag.valueAsString,
    };
    const installer = new TatorInstaller(this, 'Installer', {
      vpc: network.vpc,
      key: secrets.key,
      clusterName: cluster.cluster.ref,
      clusterArn: cluster.cluster.attrArn,
      nodeSecurityGroupId,
      values,
      secrets: { database: database.instance.secret!, django: secrets.djangoKey, admin: secrets.admin },
      after: [cluster.cpuNodes, coreDns, identities.efsCsiDriver, identities.tatorAssociation, storage.fileSystem.mountTargetsAvailable, database.instance],
    });

    contractOutput(this, OUTPUT.webUrl, installer.tatorUrl, 'Tator (HTTP through the network load balancer, open to AllowedCidr only)');
    new CfnOutput(this, TATOR_OUTPUTS.tatorUrl, { value: installer.tatorUrl, description: 'Tator web address (the nginx load balancer)' });
    new CfnOutput(this, TATOR_OUTPUTS.clusterName, { value: cluster.cluster.ref, description: 'EKS cluster name' });
    new CfnOutput(this, TATOR_OUTPUTS.kubeconfigCommand, {
      value: Fn.join('', ['aws eks update-kubeconfig --region ', Aws.REGION, ' --name ', cluster.cluster.ref]),
      description: 'kubectl access from the AllowedCidr range (Imaging Lab: "Write kubeconfig" does the same without the AWS CLI)',
    });
    new CfnOutput(this, TATOR_OUTPUTS.adminUser, { value: TATOR_ADMIN_USER, description: 'Tator administrator user name' });
    new CfnOutput(this, TATOR_OUTPUTS.adminSecret, { value: secrets.admin.secretArn, description: 'Secrets Manager secret holding the administrator sign-in (JSON username and generated value)' });
    for (const [key, value] of Object.entries(values) as [keyof TatorManifestValues, string][]) {
      new CfnOutput(this, TATOR_VALUE_OUTPUTS[key], { value, description: `Manifest value ${key} (the installer rendered Tator's Kubernetes objects from these)` });
    }
  }
}
