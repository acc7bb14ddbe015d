import assert from 'node:assert/strict';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { updatePlacementProblem } from '../../../src/core/deploy/updatePlacement';
import { awsError, mockAws, REGION, STACK_NAME, type MockedAws } from './fakes';

const TEMPLATE = parseTemplate(
  JSON.stringify({
    Parameters: { InstanceType: { Type: 'String', Default: 'g4dn.xlarge' }, AvailabilityZone: { Type: 'String', Default: '' } },
    Resources: { Server: { Type: 'AWS::EC2::Instance' } },
  }),
  't.json',
).template;
const stack = { region: REGION, stackName: STACK_NAME };
const offered = (...zones: string[]) => ({ InstanceTypeOfferings: zones.map((Location) => ({ InstanceType: 'g5.xlarge' as const, LocationType: 'availability-zone' as const, Location })) });

describe('update: a new instance type must be offered where the instance runs', () => {
  let aws: MockedAws;
  beforeEach(async () => {
    aws = await mockAws();
  });

  it('refuses a type the zone of the running instance does not offer, before any change set', async () => {
    // Created by an older template: no zone value, the instance sits in the region's first zone.
    aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Server', PhysicalResourceId: 'i-1', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    aws.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Placement: { AvailabilityZone: 'us-east-1a' } }] }] });
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves(offered('us-east-1b', 'us-east-1c'));
    const problem = await updatePlacementProblem(aws.clients, stack, TEMPLATE, { InstanceType: 'g4dn.xlarge', AvailabilityZone: '' }, { InstanceType: 'g5.xlarge', AvailabilityZone: '' });
    assert.equal(
      problem,
      `g5.xlarge is not offered in us-east-1a, where the instance of ${STACK_NAME} runs. It is offered in us-east-1b, us-east-1c, but moving there would replace the instance and the data on it. Pick an instance type offered in us-east-1a.`,
    );
  });

  it('lets the update go when the zone parameter names a zone that offers the type', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves(offered('us-east-1b'));
    assert.equal(await updatePlacementProblem(aws.clients, stack, TEMPLATE, { InstanceType: 'g4dn.xlarge' }, { InstanceType: 'g5.xlarge', AvailabilityZone: 'us-east-1b' }), undefined);
    assert.equal(aws.cfn.commandCalls(ListStackResourcesCommand).length, 0, 'the zone value is enough');
  });

  it('asks nothing when the type is unchanged, the template has no zone parameter, or the check is denied', async () => {
    assert.equal(await updatePlacementProblem(aws.clients, stack, TEMPLATE, { InstanceType: 'g5.xlarge' }, { InstanceType: 'g5.xlarge', AvailabilityZone: 'us-east-1a' }), undefined);
    const noZone = parseTemplate('{"Parameters":{"InstanceType":{"Type":"String"}},"Resources":{"S":{"Type":"AWS::EC2::Instance"}}}', 'n.json').template;
    assert.equal(await updatePlacementProblem(aws.clients, stack, noZone, { InstanceType: 'a' }, { InstanceType: 'b' }), undefined);
    assert.equal(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand).length, 0);
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    assert.equal(await updatePlacementProblem(aws.clients, stack, TEMPLATE, { InstanceType: 'g4dn.xlarge' }, { InstanceType: 'g5.xlarge', AvailabilityZone: 'us-east-1a' }), undefined);
  });
});
