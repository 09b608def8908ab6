#!/usr/bin/env node
// Thin executable: all behaviour lives in source/, bundled into dist/ by `npm ci` (prepare) and `npm test` (pretest).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
