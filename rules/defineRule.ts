// Kept so that code written against the old path still compiles; new code imports the rule API.
export * from '../server/src/engine/api';
