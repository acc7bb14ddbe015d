/**
 * A minimal stand-in for the `vscode` module, enough to load the extension and draw tree items in
 * plain Node (unit tests of the tree mapping, bench/activation). Real-VS Code behaviour is tested
 * by the integration suite inside the extension host.
 */
type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  resourceUri?: Uri;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class FileDecoration {
  constructor(
    readonly badge?: string,
    readonly tooltip?: string,
    readonly color?: ThemeColor,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  supportHtml = false;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendMarkdown(text: string): MarkdownString {
    this.value += text;
    return this;
  }
  appendText(text: string): MarkdownString {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>&]/g, '\\$&');
    return this;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
    private readonly text: string,
    readonly query = '',
  ) {}
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    const path = parts.path ?? '';
    return new Uri(parts.scheme, path, `${parts.scheme}:${path}${parts.query ? `?${parts.query}` : ''}`, parts.query ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', path, `file://${path}`);
  }
  static parse(text: string): Uri {
    return new Uri(text.split(':')[0] ?? '', '', text);
  }
  with(change: { scheme?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, this.fsPath, this.text);
  }
  toString(): string {
    return this.text;
  }
}

export class RelativePattern {
  constructor(
    readonly base: unknown,
    readonly pattern: string,
  ) {}
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
/** As in the VS Code API (the walkthrough stays closed in Test mode). */
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** Records what the extension asked of VS Code, for assertions. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  context: new Map<string, unknown>(),
  settings: new Map<string, unknown>(),
};

const logChannel = () => ({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  appendLine: () => undefined,
  show: () => undefined,
  dispose: () => undefined,
});

export const window = {
  createOutputChannel: logChannel,
  registerFileDecorationProvider: () => new Disposable(),
  createTreeView: () => ({ message: undefined as string | undefined, dispose: () => undefined }),
  createStatusBarItem: () => ({ text: '', tooltip: undefined, command: undefined, name: '', backgroundColor: undefined, show: () => undefined, hide: () => undefined, dispose: () => undefined }),
  withProgress: async <T>(_options: unknown, task: () => Promise<T>) => task(),
  showInformationMessage: async () => undefined,
  showWarningMessage: async () => undefined,
  showErrorMessage: async () => undefined,
  showQuickPick: async () => undefined,
  showInputBox: async () => undefined,
  setStatusBarMessage: () => new Disposable(),
  showTextDocument: async () => undefined,
  registerWebviewPanelSerializer: () => new Disposable(),
  registerCustomEditorProvider: () => new Disposable(),
};

export const commands = {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    recorded.commands.set(id, handler);
    return new Disposable(() => recorded.commands.delete(id));
  },
  executeCommand: async (id: string, ...args: unknown[]) => {
    if (id === 'setContext') recorded.context.set(String(args[0]), args[1]);
    return recorded.commands.get(id)?.(...args);
  },
};

export const workspace = {
  getConfiguration: (section: string) => ({
    get: <T>(key: string, fallback: T): T => (recorded.settings.has(`${section}.${key}`) ? (recorded.settings.get(`${section}.${key}`) as T) : fallback),
    inspect: (key: string) => ({ key: `${section}.${key}`, globalValue: recorded.settings.get(`${section}.${key}`) }),
    update: async (key: string, value: unknown) => void recorded.settings.set(`${section}.${key}`, value),
  }),
  createFileSystemWatcher: () => ({ onDidChange: () => new Disposable(), onDidCreate: () => new Disposable(), onDidDelete: () => new Disposable(), dispose: () => undefined }),
  onDidChangeConfiguration: () => new Disposable(),
  onDidCloseTextDocument: () => new Disposable(),
  onDidOpenTextDocument: () => new Disposable(),
  onDidSaveTextDocument: () => new Disposable(),
  textDocuments: [] as unknown[],
  findFiles: async () => [] as unknown[],
  registerTextDocumentContentProvider: () => new Disposable(),
};

export const env = {
  clipboard: { writeText: async () => undefined },
  openExternal: async () => true,
};
