import { randomBytes } from 'node:crypto';

/** An ingress or egress rule as DescribeSecurityGroupRules reports it. */
export interface FakeRule {
  readonly ruleId: string;
  readonly groupId: string;
  readonly isEgress: boolean;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
  readonly description?: string;
}

/** The rules of every security group: the default egress rule, plus the ingress rules added through the API. */
export class SecurityGroupRules {
  private readonly byGroup = new Map<string, FakeRule[]>();

  of(groupId: string): FakeRule[] {
    let rules = this.byGroup.get(groupId);
    if (!rules) {
      rules = [{ ruleId: newRuleId(), groupId, isEgress: true, protocol: '-1', fromPort: -1, toPort: -1, cidr: '0.0.0.0/0' }];
      this.byGroup.set(groupId, rules);
    }
    return rules;
  }

  add(rule: Omit<FakeRule, 'ruleId'>): FakeRule {
    const added = { ...rule, ruleId: newRuleId() };
    this.of(rule.groupId).push(added);
    return added;
  }

  remove(groupId: string, ruleId: string): boolean {
    const rules = this.of(groupId);
    const at = rules.findIndex((r) => r.ruleId === ruleId);
    if (at < 0) return false;
    rules.splice(at, 1);
    return true;
  }
}

function newRuleId(): string {
  return `sgr-0${randomBytes(8).toString('hex')}`;
}
