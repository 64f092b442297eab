// Decides, for one document or scanned file, whether Rugged checks it and with which
// configuration: the language, the `enable` setting and the ignore rules all have a say.
import { fileURLToPath } from 'node:url';
import { isSupportedFile } from '../engine/parse';
import type { RuggedSettings } from '../shared/protocol';
import type { EffectiveConfig, ProjectConfigs } from './projectConfig';
import type { SettingsCache } from './settings';

export type FileContext =
  | { kind: 'check'; filePath: string; config: EffectiveConfig }
  /** Not checked; `reason` is worth telling the user once (an ignore rule), absent when obvious. */
  | { kind: 'skip'; reason?: string };

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

export class FileContexts {
  constructor(
    private readonly settings: SettingsCache,
    private readonly projects: ProjectConfigs,
  ) {}

  /** For an open document: settings of its own URI. */
  async forDocument(uri: string, languageId: string): Promise<FileContext> {
    const filePath = documentPath(uri, languageId);
    if (!filePath) return { kind: 'skip' };
    const settings = await this.settings.get(uri);
    return this.decide(filePath, uri.startsWith('file:'), settings);
  }

  /** For a file met by the workspace scan: settings of its workspace folder. */
  forScannedFile(filePath: string, folderSettings: RuggedSettings): FileContext {
    if (!isSupportedFile(filePath)) return { kind: 'skip' };
    return this.decide(filePath, true, folderSettings);
  }

  private decide(filePath: string, onDisk: boolean, settings: RuggedSettings): FileContext {
    if (!settings.enable) return { kind: 'skip' };
    const config = this.projects.forFile(filePath, settings);
    if (onDisk) {
      const ignored = this.projects.ignoreReason(filePath, config);
      if (ignored) return { kind: 'skip', reason: `not checked: ${ignored}.` };
    }
    return { kind: 'check', filePath, config };
  }
}

/**
 * The path the engine sees: the file itself, or for an unsaved document a made-up name whose
 * extension tells the parser the language. Undefined for languages Rugged does not check.
 */
export function documentPath(uri: string, languageId: string): string | undefined {
  if (uri.startsWith('file:')) {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    if (isSupportedFile(path)) return path;
    const extension = LANGUAGE_EXTENSIONS[languageId];
    return extension ? `${path}${extension}` : undefined;
  }
  const extension = LANGUAGE_EXTENSIONS[languageId];
  return extension ? `/untitled/document${extension}` : undefined;
}
