export function nativePackageNames(nodeModules: string): string[];
export function findUnloadableNativeModules(serverRoot: string): string[];
