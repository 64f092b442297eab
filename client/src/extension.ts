// VS Code extension entry point (replaced by the full client).
export function activate(): void {}
export function deactivate(): void {}
