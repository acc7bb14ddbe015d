/**
 * The slice of the `vscode` API the progress panel host uses, bundled into each benchmarked host in
 * place of the real module: the benchmark sets `window.createWebviewPanel` to its relay.
 */
export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export class Uri {
  private constructor(readonly path: string) {}
  static file(path: string): Uri {
    return new Uri(path);
  }
  static parse(value: string): Uri {
    return new Uri(value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.path, ...parts].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return this.path;
  }
}

export const ViewColumn = { Active: -1 } as const;
export const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

export const window: Record<string, unknown> = {
  createWebviewPanel: () => {
    throw new Error('the benchmark sets window.createWebviewPanel');
  },
  setStatusBarMessage: () => new Disposable(),
};

export const commands = {
  executeCommand: async () => undefined,
  // What the earlier host asked before offering the other features' actions.
  getCommands: async () => ['imagingLab.openSshTerminal', 'imagingLab.sendDicom'],
};

export const env = { openExternal: async () => true, clipboard: { writeText: async () => undefined } };
