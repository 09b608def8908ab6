/**
 * Ink decides once, when it loads, whether it runs under CI (the CI variable), and then draws nothing until
 * it unmounts. arco-review never starts its TUI under CI (source/cli.ts isInteractive), so a test that drives
 * startTui on a fake terminal loads Ink as a terminal session would: import this module before anything that
 * imports Ink. The variables come back afterwards, for the checks that read them (test/helpers/shared-fixtures.ts).
 */
const names = ['CI', 'CONTINUOUS_INTEGRATION'] as const;
const saved = names.map((name) => [name, process.env[name]] as const);
for (const name of names) delete process.env[name];
await import('ink');
for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
