/** Entry of the `confidant` command (bin/confidant.js loads it). Run: `npx confidant --help`. */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2));
