/**
 * The URL that opens the web workbench on `folder` with the extension under development loaded
 * and, optionally, the extension tests module run inside the extension host (design.md §3).
 */
export function workbenchUrl(origin: string, options: { folder: string; extensionPath: string; testsPath?: string }): string {
  const authority = new URL(origin).host;
  const remote = (path: string) => `vscode-remote://${authority}${path}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(options.extensionPath)]];
  if (options.testsPath) payload.push(['extensionTestsPath', remote(options.testsPath)]);
  const query = new URLSearchParams({ folder: options.folder, payload: JSON.stringify(payload) });
  return `${origin}/?${query.toString()}`;
}
