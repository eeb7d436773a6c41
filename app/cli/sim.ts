/** Entry point of `npm run sim`. */
import { runCli } from './cli';

process.exitCode = runCli(process.argv.slice(2));
