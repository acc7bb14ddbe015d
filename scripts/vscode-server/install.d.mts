export function isVscodeServerInstalled(cacheDir?: string): boolean;
export function ensureVscodeServer(options?: { cacheDir?: string; log?: (line: string) => void; systemRoot?: string }): Promise<string>;
