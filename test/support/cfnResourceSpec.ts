// Checks a plain CloudFormation template against the CloudFormation resource specification that
// ships offline in @aws-cdk/aws-service-spec: every resource type, property name (nested ones too),
// required property, Fn::GetAtt attribute and every Ref/Sub/Condition/DependsOn target must exist.
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

type Json = unknown;
type JsonObject = Record<string, Json>;

const TEMPLATE_SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Rules']);
const RESOURCE_ATTRIBUTES = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy']);
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const PARAMETER_TYPE = /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::(Name|Value<[A-Za-z0-9:<>]+>))$/;

let database: SpecDatabase | undefined;
function spec(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose only key is Ref or Fn::*: its type is decided at deploy time. */
function isIntrinsic(value: Json): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
}

function resourceSpec(type: string): Resource | undefined {
  return spec().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

function isCustom(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

class Checker {
  readonly problems: string[] = [];
  private readonly resources: JsonObject;
  private readonly parameters: JsonObject;
  private readonly conditions: JsonObject;
  private readonly mappings: JsonObject;

  constructor(private readonly template: JsonObject) {
    this.resources = isObject(template.Resources) ? template.Resources : {};
    this.parameters = isObject(template.Parameters) ? template.Parameters : {};
    this.conditions = isObject(template.Conditions) ? template.Conditions : {};
    this.mappings = isObject(template.Mappings) ? template.Mappings : {};
  }

  run(): string[] {
    for (const key of Object.keys(this.template)) if (!TEMPLATE_SECTIONS.has(key)) this.problems.push(`unknown template section ${key}`);
    if (Object.keys(this.resources).length === 0) this.problems.push('no resources');
    for (const [name, parameter] of Object.entries(this.parameters)) {
      const type = isObject(parameter) ? parameter.Type : undefined;
      if (typeof type !== 'string' || !PARAMETER_TYPE.test(type)) this.problems.push(`Parameters.${name}: type ${String(type)} is not a CloudFormation parameter type`);
    }
    for (const [name, condition] of Object.entries(this.conditions)) this.walkIntrinsics(condition, `Conditions.${name}`);
    for (const [name, resource] of Object.entries(this.resources)) this.checkResource(name, resource);
    const outputs = isObject(this.template.Outputs) ? this.template.Outputs : {};
    for (const [name, output] of Object.entries(outputs)) {
      if (!isObject(output) || output.Value === undefined) this.problems.push(`Outputs.${name}: no Value`);
      if (isObject(output) && typeof output.Condition === 'string') this.checkCondition(output.Condition, `Outputs.${name}`);
      this.walkIntrinsics(output, `Outputs.${name}`);
    }
    return this.problems;
  }

  private checkResource(name: string, resource: Json): void {
    const where = `Resources.${name}`;
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      this.problems.push(`${where}: no Type`);
      return;
    }
    for (const key of Object.keys(resource)) if (!RESOURCE_ATTRIBUTES.has(key)) this.problems.push(`${where}: unknown resource attribute ${key}`);
    for (const target of [resource.DependsOn ?? []].flat()) {
      if (typeof target !== 'string' || !(target in this.resources)) this.problems.push(`${where}.DependsOn: no resource ${String(target)}`);
    }
    if (typeof resource.Condition === 'string') this.checkCondition(resource.Condition, where);
    this.walkIntrinsics(resource.Properties, `${where}.Properties`);
    if (isCustom(resource.Type)) {
      if (!isObject(resource.Properties) || resource.Properties.ServiceToken === undefined) this.problems.push(`${where}: custom resource without ServiceToken`);
      return;
    }
    const type = resourceSpec(resource.Type);
    if (!type) {
      this.problems.push(`${where}: resource type ${resource.Type} does not exist`);
      return;
    }
    this.checkProperties(resource.Properties ?? {}, type.properties, `${where}.Properties`);
  }

  private checkProperties(value: Json, properties: Resource['properties'], where: string): void {
    if (isIntrinsic(value)) return;
    if (!isObject(value)) {
      this.problems.push(`${where}: expected an object`);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const property = properties[key];
      if (!property) this.problems.push(`${where}: unknown property ${key}`);
      else this.checkType(child, property.type, `${where}.${key}`);
    }
    for (const [key, property] of Object.entries(properties)) {
      if (property.required && !(key in value)) this.problems.push(`${where}: required property ${key} missing`);
    }
  }

  private checkType(value: Json, type: PropertyType, where: string): void {
    if (isIntrinsic(value)) return;
    switch (type.type) {
      case 'ref': {
        const definition = spec().get('typeDefinition', type.reference.$ref) as TypeDefinition;
        this.checkProperties(value, definition.properties, where);
        return;
      }
      case 'array':
        if (!Array.isArray(value)) this.problems.push(`${where}: expected a list`);
        else value.forEach((item, i) => this.checkType(item, type.element, `${where}[${i}]`));
        return;
      case 'map':
        if (!isObject(value)) this.problems.push(`${where}: expected a map`);
        else for (const [key, item] of Object.entries(value)) this.checkType(item, type.element, `${where}.${key}`);
        return;
      case 'union': {
        // Accept the member that fits best; report that member's problems when none fits.
        const attempts = type.types.map((member) => {
          const sub = new Checker(this.template);
          sub.checkType(value, member, where);
          return sub.problems;
        });
        const best = attempts.reduce((a, b) => (b.length < a.length ? b : a));
        this.problems.push(...best);
        return;
      }
      case 'tag':
        if (!isObject(value)) this.problems.push(`${where}: expected a tag`);
        else for (const key of Object.keys(value)) if (key !== 'Key' && key !== 'Value') this.problems.push(`${where}: unknown tag field ${key}`);
        return;
      default:
        // Primitives: CloudFormation coerces scalars; an object or list here is a mistake.
        if (type.type !== 'json' && (isObject(value) || Array.isArray(value))) this.problems.push(`${where}: expected a ${type.type}`);
    }
  }

  private checkCondition(name: string, where: string): void {
    if (!(name in this.conditions)) this.problems.push(`${where}: no condition ${name}`);
  }

  private checkRef(target: string, where: string): void {
    if (!(target in this.parameters) && !(target in this.resources) && !PSEUDO_PARAMETERS.has(target)) this.problems.push(`${where}: Ref to unknown ${target}`);
  }

  private checkGetAtt(resourceName: string, attribute: string, where: string): void {
    const resource = this.resources[resourceName];
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      this.problems.push(`${where}: Fn::GetAtt of unknown resource ${resourceName}`);
      return;
    }
    if (isCustom(resource.Type)) return;
    const type = resourceSpec(resource.Type);
    if (type && !(attribute in type.attributes)) this.problems.push(`${where}: ${resource.Type} has no attribute ${attribute}`);
  }

  private checkSub(text: string, variables: JsonObject, where: string): void {
    for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const name = match[1]!.trim();
      if (name in variables) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO_PARAMETERS.has(name)) this.checkGetAtt(name.slice(0, dot), name.slice(dot + 1), where);
      else this.checkRef(name, where);
    }
  }

  private walkIntrinsics(value: Json, where: string): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.walkIntrinsics(item, `${where}[${i}]`));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'Ref' && typeof child === 'string') this.checkRef(child, where);
      else if (key === 'Fn::GetAtt') {
        const [res, ...attr] = typeof child === 'string' ? child.split('.') : Array.isArray(child) ? child.map(String) : [];
        if (res === undefined || attr.length === 0) this.problems.push(`${where}: malformed Fn::GetAtt`);
        else this.checkGetAtt(res, attr.join('.'), where);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = typeof child === 'string' ? [child, {}] : Array.isArray(child) ? [child[0], child[1]] : [undefined, undefined];
        if (typeof text === 'string') this.checkSub(text, isObject(variables) ? variables : {}, where);
        if (isObject(variables)) this.walkIntrinsics(variables, where);
      } else if (key === 'Fn::If' && Array.isArray(child) && typeof child[0] === 'string') {
        this.checkCondition(child[0], where);
        this.walkIntrinsics(child.slice(1), where);
      } else if (key === 'Condition' && typeof child === 'string' && Object.keys(value).length === 1) {
        this.checkCondition(child, where);
      } else if (key === 'Fn::FindInMap' && Array.isArray(child) && typeof child[0] === 'string') {
        if (!(child[0] in this.mappings)) this.problems.push(`${where}: no mapping ${child[0]}`);
        this.walkIntrinsics(child.slice(1), where);
      } else this.walkIntrinsics(child, `${where}.${key}`);
    }
  }
}

/** Problems of `template` against the resource specification; empty when it is valid. */
export function resourceSpecProblems(template: Record<string, unknown>): string[] {
  return new Checker(template).run();
}
