import { Aws, Fn, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StowrsParameters } from './stowrsParameters';
import { STOWRS_PORTS } from './stowrsPorts';

const SOURCE_IS_PARAMETER =
  'The source is the AllowedCidr parameter, whose AllowedPattern only admits IPv4 ranges from /16 to /32 (never 0.0.0.0/0; the wizard fills the caller /32); cdk-nag cannot resolve a parameter.';

/**
 * An internet-facing Network Load Balancer on 443. TLS passes through to the service in the
 * generated modes (so the service can ask for client certificates); in acm-certificate mode the
 * load balancer terminates TLS with the ACM certificate and re-encrypts to the instance.
 * Health checks use the instance's plain /health port, which needs no client certificate.
 */
export class StowrsEndpoint extends Construct {
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly targetGroup: elbv2.CfnTargetGroup;
  readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  readonly instanceSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, params: StowrsParameters, logBucket: s3.IBucket) {
    super(scope, id);
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: 'STOW-RS load balancer: HTTPS from the allowed CIDR only',
      allowAllOutbound: false,
    });
    this.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.ipv4(params.allowedCidr.valueAsString), ec2.Port.tcp(STOWRS_PORTS.https), 'STOW-RS (HTTPS) from the allowed CIDR');
    Validations.of(this.loadBalancerSecurityGroup).acknowledge(
      ...['AwsSolutions-EC23', 'HIPAA.Security-EC2RestrictedSSH', 'HIPAA.Security-EC2RestrictedCommonPorts'].map((ruleId) => ({ id: ruleId, reason: SOURCE_IS_PARAMETER })),
    );
    this.instanceSecurityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc,
      description: 'STOW-RS instance: the service and its health port from the load balancer only',
      allowAllOutbound: true,
    });
    for (const [port, what] of [
      [STOWRS_PORTS.https, 'STOW-RS from the load balancer'],
      [STOWRS_PORTS.health, 'health checks from the load balancer'],
    ] as const) {
      this.instanceSecurityGroup.addIngressRule(this.loadBalancerSecurityGroup, ec2.Port.tcp(port), what);
      this.loadBalancerSecurityGroup.addEgressRule(this.instanceSecurityGroup, ec2.Port.tcp(port), what);
    }

    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [this.loadBalancerSecurityGroup],
      crossZoneEnabled: true,
    });
    enableAccessLogs(this.loadBalancer, logBucket);

    const acm = params.useAcm.logicalId;
    this.targetGroup = new elbv2.CfnTargetGroup(this, 'TargetGroup', {
      vpcId: vpc.vpcId,
      port: STOWRS_PORTS.https,
      protocol: Fn.conditionIf(acm, 'TLS', 'TCP').toString(),
      targetType: 'instance',
      healthCheckProtocol: 'HTTP',
      healthCheckPort: String(STOWRS_PORTS.health),
      healthCheckPath: '/health',
      healthCheckIntervalSeconds: 10,
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
      targetGroupAttributes: [
        // A stopping instance drains: the service finishes uploads in flight (up to its 600 s stop timeout).
        { key: 'deregistration_delay.timeout_seconds', value: '300' },
        { key: 'deregistration_delay.connection_termination.enabled', value: 'false' },
        { key: 'preserve_client_ip.enabled', value: 'true' },
      ],
    });
    const listener = new elbv2.CfnListener(this, 'Listener', {
      loadBalancerArn: this.loadBalancer.loadBalancerArn,
      port: STOWRS_PORTS.https,
      protocol: Fn.conditionIf(acm, 'TLS', 'TCP').toString(),
      certificates: Fn.conditionIf(acm, [{ CertificateArn: params.certificateArn.valueAsString }], Aws.NO_VALUE) as never,
      sslPolicy: Fn.conditionIf(acm, 'ELBSecurityPolicy-TLS13-1-2-2021-06', Aws.NO_VALUE).toString(),
      defaultActions: [{ type: 'forward', targetGroupArn: this.targetGroup.ref }],
    });
    listener.node.addDependency(this.targetGroup);
    Validations.of(this.loadBalancer).acknowledge({
      id: 'HIPAA.Security-ELBDeletionProtectionEnabled',
      reason: 'A lab endpoint the user deletes with its stack; deletion protection on the load balancer would make the stack fail to delete.',
    });
    Validations.of(listener).acknowledge(
      {
        id: 'HIPAA.Security-ALBHttpToHttpsRedirection',
        reason: 'A Network Load Balancer with one listener on 443 (TLS or TLS pass-through); there is no plain HTTP listener to redirect.',
      },
      {
        id: 'HIPAA.Security-ELBv2ACMCertificateRequired',
        reason: 'acm-certificate mode uses the ACM certificate; the generated modes pass TLS through to the service so it can require client certificates, which ACM cannot.',
      },
    );
  }
}

const ACCESS_LOG_PREFIX = 'nlb';

/**
 * NLB access logs go through the log delivery service (the documented bucket policy). Only TLS
 * listeners write them (acm-certificate mode); the service logs every request itself in all modes.
 * Written out rather than with logAccessLogs(), which needs a synth-time region.
 */
function enableAccessLogs(loadBalancer: elbv2.NetworkLoadBalancer, bucket: s3.IBucket): void {
  const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const source = {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
  };
  bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [delivery], actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn], conditions: source }));
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [delivery],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${ACCESS_LOG_PREFIX}/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      conditions: { ...source, StringEquals: { ...source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', ACCESS_LOG_PREFIX);
}
