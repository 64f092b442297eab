// The environment variables through which the end-to-end test configures its GitHub sign-in stub
// and the api.github.com redirect inside the processes code-server starts.

/** The token the stub provider hands out. */
export const TOKEN_VARIABLE = 'RUGGED_E2E_GITHUB_TOKEN';
/** A file the stub appends one JSON line to per session request. */
export const LOG_VARIABLE = 'RUGGED_E2E_SIGN_IN_LOG';
/** The stand-in's base URL (http://127.0.0.1:PORT) that api.github.com requests go to. */
export const STAND_IN_VARIABLE = 'RUGGED_E2E_GITHUB_API';
