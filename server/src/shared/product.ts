// The tool's name, version and home page, from package.json (bundled in, so `npx rugged` needs nothing else).
import packageJson from '../../../package.json';

export const TOOL_NAME = 'rugged';
export const TOOL_VERSION: string = packageJson.version;
export const TOOL_HOME = 'https://github.com/rugged-security/rugged';
