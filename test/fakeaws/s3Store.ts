/** One S3 bucket of the fake account: its objects and the configuration calls it received. */
export interface FakeBucket {
  readonly name: string;
  readonly region: string;
  readonly owner: string;
  readonly objects: Map<string, Buffer>;
  /** Subresource (publicAccessBlock, encryption, policy, lifecycle) -> the body that set it. */
  readonly configuration: Map<string, string>;
}

/** Buckets are global by name, like S3's. */
export class S3Store {
  private readonly buckets = new Map<string, FakeBucket>();

  get(name: string): FakeBucket | undefined {
    return this.buckets.get(name);
  }

  create(name: string, region: string, owner: string): FakeBucket {
    const bucket: FakeBucket = { name, region, owner, objects: new Map(), configuration: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  /** An object by its virtual-hosted URL (what CloudFormation is given as TemplateURL). */
  objectAt(url: string): Buffer | undefined {
    const match = /^https:\/\/([a-z0-9.-]+)\.s3\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(url);
    return match ? this.buckets.get(match[1] ?? '')?.objects.get(decodeURIComponent(match[3] ?? '')) : undefined;
  }
}
