import { instanceConsoleUrl, stackConsoleUrl } from '../stacks/consoleLinks';

/** The console page of a stack resource, where one exists; else the stack's resources page. */
export function resourceConsoleUrl(region: string, stackId: string, type: string, physicalId: string | undefined): string {
  const r = encodeURIComponent(region);
  const id = encodeURIComponent(physicalId ?? '');
  if (physicalId) {
    switch (type) {
      case 'AWS::EC2::Instance':
        return instanceConsoleUrl(region, physicalId);
      case 'AWS::EC2::SecurityGroup':
        return `https://${r}.console.aws.amazon.com/ec2/home?region=${r}#SecurityGroup:groupId=${id}`;
      case 'AWS::EC2::VPC':
        return `https://${r}.console.aws.amazon.com/vpcconsole/home?region=${r}#VpcDetails:VpcId=${id}`;
      case 'AWS::S3::Bucket':
        return `https://s3.console.aws.amazon.com/s3/buckets/${id}?region=${r}`;
      case 'AWS::IAM::Role':
        return `https://console.aws.amazon.com/iam/home#/roles/details/${id}`;
      case 'AWS::Lambda::Function':
        return `https://${r}.console.aws.amazon.com/lambda/home?region=${r}#/functions/${id}`;
      case 'AWS::Logs::LogGroup':
        return `https://${r}.console.aws.amazon.com/cloudwatch/home?region=${r}#logsV2:log-groups/log-group/${encodeURIComponent(id)}`;
    }
  }
  return stackConsoleUrl(region, stackId).replace('/stacks/stackinfo?', '/stacks/resources?');
}
