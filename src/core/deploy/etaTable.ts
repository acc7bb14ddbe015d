/**
 * Typical creation times in seconds per resource type (observed in us-east-1; estimates that the
 * progress model refines by how fast this deployment actually goes).
 */
export const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  'AWS::EC2::VPC': 15,
  'AWS::EC2::Subnet': 8,
  'AWS::EC2::InternetGateway': 15,
  'AWS::EC2::VPCGatewayAttachment': 20,
  'AWS::EC2::RouteTable': 10,
  'AWS::EC2::Route': 15,
  'AWS::EC2::SubnetRouteTableAssociation': 5,
  'AWS::EC2::EIP': 10,
  'AWS::EC2::NatGateway': 110,
  'AWS::EC2::SecurityGroup': 10,
  'AWS::EC2::SecurityGroupIngress': 5,
  'AWS::EC2::Instance': 45,
  'AWS::EC2::LaunchTemplate': 5,
  'AWS::EC2::KeyPair': 5,
  'AWS::EC2::VPCEndpoint': 70,
  'AWS::EC2::FlowLog': 10,
  'AWS::EC2::ClientVpnEndpoint': 60,
  'AWS::EC2::ClientVpnTargetNetworkAssociation': 420,
  'AWS::EC2::ClientVpnAuthorizationRule': 10,
  'AWS::IAM::Role': 20,
  'AWS::IAM::Policy': 20,
  'AWS::IAM::ManagedPolicy': 15,
  'AWS::IAM::InstanceProfile': 120,
  'AWS::S3::Bucket': 25,
  'AWS::S3::BucketPolicy': 5,
  'AWS::Lambda::Function': 15,
  'AWS::Lambda::Permission': 10,
  'AWS::Logs::LogGroup': 5,
  'AWS::SSM::Parameter': 5,
  'AWS::SecretsManager::Secret': 10,
  'AWS::KMS::Key': 30,
  'AWS::RDS::DBInstance': 600,
  'AWS::RDS::DBSubnetGroup': 5,
  'AWS::EKS::Cluster': 600,
  'AWS::EKS::Nodegroup': 240,
  'AWS::EFS::FileSystem': 15,
  'AWS::EFS::MountTarget': 90,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 180,
  'AWS::ElasticLoadBalancingV2::TargetGroup': 10,
  'AWS::ElasticLoadBalancingV2::Listener': 5,
  'AWS::ECS::Cluster': 10,
  'AWS::ECS::Service': 120,
  'AWS::ApiGateway::RestApi': 5,
  'AWS::ApiGateway::Deployment': 5,
  'AWS::CloudFront::Distribution': 300,
  'AWS::CloudFormation::WaitCondition': 600,
  'AWS::CloudFormation::Stack': 300,
};

export const DEFAULT_TYPICAL_SECONDS = 15;
/** Extra wait of an instance with a CreationPolicy: its user data installs software and then signals. */
export const DEFAULT_SIGNAL_WAIT_SECONDS = 600;

export function typicalSeconds(type: string, waitsForSignal: boolean, signalWaitSeconds = DEFAULT_SIGNAL_WAIT_SECONDS): number {
  const base = TYPICAL_SECONDS[type] ?? DEFAULT_TYPICAL_SECONDS;
  return waitsForSignal && type !== 'AWS::CloudFormation::WaitCondition' ? base + signalWaitSeconds : base;
}
