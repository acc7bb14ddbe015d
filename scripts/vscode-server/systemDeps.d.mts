export const REQUIRED_DEBIAN_PACKAGES: readonly string[];
export function missingDebianPackages(): string[];
export function assertSystemDependencies(): void;
