export const CODE_SERVER_VERSION: string;
export function vscodeServerCacheDir(env?: NodeJS.ProcessEnv): string;
export function vscodeServerRoot(cacheDir?: string): string;
export function serverMainPath(cacheDir?: string): string;
export function installMarkerPath(cacheDir?: string): string;
