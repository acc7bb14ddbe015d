/**
 * Every container image the Tator install pulls, pinned, and where it comes from. Upstream's
 * Compose file builds the tator_* images locally; its CI publishes the same images to Docker Hub
 * tagged with the release commit, which is what the nodes pull here.
 *
 * Docker Hub lets an anonymous address pull about ten images an hour, and every node pulls through
 * the one NAT gateway address. So only Tator's own images come from Docker Hub (at most five pulls
 * on the default two nodes); the official images (nginx, Redis, PostgreSQL client, BusyBox) come
 * from the Amazon ECR Public mirror of Docker's official library, which AWS does not meter that way.
 */
export const TATOR_REGISTRY = 'docker.io/cvisionai';
const ECR_PUBLIC_LIBRARY = 'public.ecr.aws/docker/library';

/** Official images, pinned (upstream: nginx:1.25.4, end of life; redis:7, floating). */
export const THIRD_PARTY_IMAGES = {
  nginx: `${ECR_PUBLIC_LIBRARY}/nginx:1.28.0`,
  redis: `${ECR_PUBLIC_LIBRARY}/redis:7.4.2`,
  /** psql for the extensions; the 16 client matches the RDS PostgreSQL 16 server. */
  postgresClient: `${ECR_PUBLIC_LIBRARY}/postgres:16.8-alpine`,
  busybox: `${ECR_PUBLIC_LIBRARY}/busybox:1.37.0`,
} as const;

export type TatorImageName = 'tator_online' | 'tator_ui' | 'tator_transcode' | 'tator_client';

/** `docker.io/cvisionai/<name>:<commit>`; the tag is checked by the values grammar. */
export function tatorImage(name: TatorImageName, imageTag: string): string {
  return `${TATOR_REGISTRY}/${name}:${imageTag}`;
}

/** Every image a given install pulls, for the report and for the installer's error messages. */
export function tatorImagesFor(imageTag: string): string[] {
  const own: TatorImageName[] = ['tator_online', 'tator_ui', 'tator_transcode', 'tator_client'];
  return [...own.map((name) => tatorImage(name, imageTag)), ...Object.values(THIRD_PARTY_IMAGES)];
}
