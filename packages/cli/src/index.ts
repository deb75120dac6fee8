export { createProgram } from './program.js';
export { ExitCode } from './errors.js';
