/**
 * Command runner: runs one shell command in its own process group, streams its output to a log file and
 * a bounded display tail, and never leaves its processes behind. No Ink or model dependency.
 */

export type { LogPlacement } from './log-file.js';
export { type PlacedLog, type Placement, placeLog, unplaceLog } from './log-names.js';
export type { OutputSnapshot, OutputSource } from './output-tail.js';
export { cancelAllRuns, killAllGroups, runningGroupCount, setInterruptHandler } from './process-groups.js';
export { startRun } from './run-command.js';
export type { RunHandle, RunOptions, RunOutcome, RunResult } from './run-options.js';
export { DEFAULT_GRACE_MS, DEFAULT_MAX_LINE_WIDTH, DEFAULT_TAIL_LINES, exitCodeForSignal } from './run-options.js';
export { chooseShell, type Shell } from './shell.js';
export type { SnapshotListener } from './snapshot-publisher.js';
