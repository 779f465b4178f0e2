// Types of protocol.mjs for the worker's TypeScript.
export declare const ENV: Readonly<{
  target: 'BACKLAB_TARGET'
  suite: 'BACKLAB_SUITE'
  suiteDir: 'BACKLAB_SUITE_DIR'
  readyTimeoutMs: 'BACKLAB_READY_TIMEOUT_MS'
  timeScale: 'BACKLAB_TIME_SCALE'
  controlToken: 'BACKLAB_CONTROL_TOKEN'
}>
export declare const MAX_TIME_SCALE: 8
export declare const FILES: Readonly<{ runSettings: 'backlab-run.json' }>
export declare const MARK: Readonly<{
  readyMs: '# backlab-ready-ms: '
  timedWaits: '# backlab-timed-waits: '
  reportComplete: '# backlab-report-complete'
  testStart: '# backlab-test-start '
  restartServer: '# backlab-restart-server '
}>
export declare const SERVER_NOT_LISTENING: 'server-not-listening'
export declare function readyLine (ms: number): string
export declare function reportEndLines (timedWaits: number): string
export declare function testStartLine (token: string, atMs: number, name: string): string
export declare function restartLine (token: string): string
export declare function serverNotListeningLine (ms: number): string
