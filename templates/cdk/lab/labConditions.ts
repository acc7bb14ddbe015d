import { CfnResource, type CfnCondition } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Puts every CloudFormation resource under `scope` behind `condition` (a Task 2 switch). */
export function conditionAll(scope: IConstruct, condition: CfnCondition): void {
  for (const child of scope.node.findAll()) {
    if (child instanceof CfnResource) child.cfnOptions.condition = condition;
  }
}
