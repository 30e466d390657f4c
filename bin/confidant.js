#!/usr/bin/env node
// Loads the TypeScript CLI through tsx, so the command runs from a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
