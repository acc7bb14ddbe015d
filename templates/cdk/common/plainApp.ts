import { App, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';

/**
 * An App whose stacks synthesize to plain CloudFormation: no bootstrap rule or BootstrapVersion
 * parameter, no CDKMetadata resource, no aws:cdk:path metadata, so the JSON can be uploaded in
 * the console or sent as a TemplateBody without `cdk bootstrap`.
 */
export function newPlainApp(): App {
  return new App({
    analyticsReporting: false,
    context: {
      'aws:cdk:enable-path-metadata': false,
      'aws:cdk:version-reporting': false,
      // Access-log buckets get a bucket policy for the logging service instead of a legacy ACL.
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    },
  });
}

export function plainStackProps(description: string): StackProps {
  return {
    description,
    analyticsReporting: false,
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  };
}

/** The synthesized template with keys sorted at every level, so output is byte-stable. */
export function templateOf(stack: Stack): Record<string, unknown> {
  const app = stack.node.root as App;
  const assembly = app.synth();
  return sortKeys(assembly.getStackArtifact(stack.artifactId).template) as Record<string, unknown>;
}

export function prettyJson(template: unknown): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** What CreateStack counts against its 51,200-byte TemplateBody limit once whitespace is dropped. */
export function minifiedBytes(template: unknown): number {
  return Buffer.byteLength(JSON.stringify(template), 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
