export const SYSTEM_PACKAGES: Readonly<Record<string, string>>;
export const VSCODE_SERVER_PACKAGES: readonly string[];
export function missingPackages(names?: readonly string[], root?: string): string[];
export function assertPackages(names: readonly string[], who: string, root?: string): void;
export function installMissing(log?: (line: string) => void): string[];
