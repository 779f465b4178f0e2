// Types for the parts of @backlab/grader (graders/node/lib, plain JS) that the tests in this
// folder use. Kept to what those tests call; the library itself has no types.
declare module '@backlab/grader' {
  export interface SentRequest {
    method: string
    path: string
    headers: Record<string, string>
    json?: unknown
    body?: string
  }

  export interface WireError {
    code: string
    message: string
  }

  export interface GraderResponse {
    request: SentRequest
    status: number | undefined
    statusText: string | undefined
    httpVersion: string | undefined
    headers: Record<string, string | string[] | undefined>
    text: string
    bodyBytes: number
    json: unknown
    jsonError: string | undefined
    durationMs: number
    truncated: boolean
    error: WireError | undefined
  }

  export interface RequestOptions {
    method?: string
    path: string
    json?: unknown
    body?: string
    headers?: Record<string, string>
    timeoutMs?: number
    maxBodyBytes?: number
    target?: URL
  }

  export function request (options: RequestOptions): Promise<GraderResponse>
  export const DEFAULT_TIMEOUT_MS: number
  export const DEFAULT_MAX_BODY_BYTES: number
  export const HANGS_BEFORE_SHORTER_TIMEOUT: number
  export const SHORTER_TIMEOUT_MS: number

  /** The part of a tap `t` the assertions call. */
  export interface Reporter {
    pass: (message: string) => unknown
    fail: (message: string, extra?: Record<string, unknown>) => unknown
  }

  export interface Matcher {
    description: string
    test: (value: unknown) => boolean
  }

  export interface AssertOptions {
    note?: string
    expected?: string
  }

  export function expectStatus (t: Reporter, response: GraderResponse, status: number | number[], options?: AssertOptions): boolean
  export function expectJson (t: Reporter, response: GraderResponse, options?: AssertOptions): boolean
  export function expectJsonBody (t: Reporter, response: GraderResponse, options?: AssertOptions): boolean
  export function expectHeader (t: Reporter, response: GraderResponse, name: string, want: string | Matcher, options?: AssertOptions): boolean
  export function matcher (description: string, test: (value: unknown) => boolean): Matcher

  export function buildCurl (request: SentRequest, baseUrl?: string): string
  export function shellQuote (word: string): string
  export function singleQuote (word: string): string
  export function localBaseUrl (target?: URL): string
  export function targetUrl (env?: Record<string, string | undefined>): URL
  export function isJsonContentType (contentType: string | undefined): boolean
}

declare module '@backlab/grader' {
  export function signJwt (payload: unknown, secret: string, options?: { alg?: string, header?: Record<string, unknown>, signature?: string }): string
  export function decodeJwt (token: string): { header: Record<string, unknown>, payload: Record<string, unknown> } | undefined
  export function verifyHs256 (token: string, secret: string): boolean
  export function nowSeconds (): number
  export interface SetCookie { name: string, value: string, path?: string, httpOnly?: boolean, secure?: boolean, sameSite?: string, maxAge?: number, expires?: Date }
  export function cookiesSet (response: { headers?: Record<string, string | string[] | undefined> }): SetCookie[]
  export function cookieHeader (cookies: Array<{ name: string, value: string }>): string
  export function db (env?: Record<string, string | undefined>): { query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>, tables: () => Promise<string[]>, end: () => Promise<void> }
  export function closeDatabase (): Promise<void>
  export function restartServer (options?: {
    env?: Record<string, string | undefined>
    target?: URL
    stopTimeoutMs?: number
    readyTimeoutMs?: number
    output?: { write: (text: string) => unknown }
  }): Promise<{ ok: true, stoppedMs: number, readyMs: number } | { ok: false, reason: string }>
}

declare module '@backlab/grader' {
  export function headerName (name: string): string
  export function describeResponse (response: GraderResponse, options?: { extraHeaders?: string[] }): string
  export function failureDiagnostics (response: GraderResponse, expected: string, options?: { extraHeaders?: string[] }): Record<string, string>
  export function requestLabel (request: SentRequest, note?: string): string
}

declare module '@backlab/grader/sql' {
  export interface Field { name: string, typeId: number }
  export interface QueryResult { fields: Field[], rows: Array<Array<string | null>> }
  export interface CompareRules { orderBy?: string[], columns?: 'position' | 'names', tolerance?: number, duplicates?: 'count' | 'ignore', textCase?: 'exact' | 'ignore', subject?: 'query' | 'table' }
  export type Comparison = { ok: true } | {
    ok: false
    problem: 'columns' | 'types' | 'rows' | 'order'
    message: string
    hints?: string[]
    missing?: Array<Array<string | null>>
    extra?: Array<Array<string | null>>
    position?: number
  }
  export function compareResults (expected: QueryResult, actual: QueryResult, rules?: CompareRules): Comparison
  export function formatTable (names: string[], rows: Array<Array<string | null>>, options?: { limit?: number, total?: number }): string
  export function describeError (error: { message: string, code?: string, position?: string, hint?: string, detail?: string }, sql?: string, options?: { file?: string }): string
  export function splitStatements (sql: string): { statements: Array<{ text: string, offset: number, kind: string }>, parseError?: undefined } | { parseError: { message: string, position?: number }, statements?: undefined }
  export function isBlank (sql: string): boolean
  export function loadParser (): Promise<void>
  export const HINTS: readonly string[]
  export function sqlHints (sql: string, verdict: Comparison | undefined, rowCount?: number): string
  export function comparesWithNull (sql: string): boolean
  export function notInSubquery (sql: string): boolean
  export function slowQueryHint (sql: string): string
  export function memoryHint (sql: string): string
  export const MAX_GENERATED_SHOWN: number
  export function reproduceGenerated (task: { file: string }, dataset: { name: string, number: number, seed: string, sql: string }): string

  export const GENERATED_DATASETS: number
  export const GENERATED_NAMES: string[]
  export type Random = () => number
  export interface GeneratorHelpers {
    seed: string
    int: (min: number, max: number) => number
    pick: <T>(list: readonly T[]) => T
    shuffle: <T>(list: readonly T[]) => T[]
    chance: (p: number) => boolean
    sample: <T>(list: readonly T[], n: number) => T[]
    literal: (value: unknown) => string
    insert: (table: string, columns: string[], rows: unknown[][]) => string
  }
  export function seededRandom (seed: string): Random
  export function generatorHelpers (random: Random, seed: string): GeneratorHelpers
  export function datasetSeed (exercise: { slug: string, version: number }, k: number): string
  export function literal (value: unknown): string
  export function insert (table: string, columns: string[], rows: unknown[][]): string
  export class GeneratorError extends Error {}
  export function generateDatasets (path: string | undefined, exercise: { slug: string, version: number } | undefined): Promise<Array<{ name: string, number: number, seed: string, sql: string }>>

  export interface TapLike {
    pass: (message: string) => unknown
    fail: (message: string, extra?: Record<string, unknown>) => unknown
  }
  export interface QueryClient { query: (sql: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, string | null>> }>, end: () => Promise<void> }
  export class TaskDatabase {
    constructor (client: QueryClient, options: { name: string, task: { file: string }, sql?: string, script: { errors: Array<{ statement: number, error: { message: string } }>, openTransaction: boolean } })
    attempt (sql: string, params?: unknown[]): Promise<{ ok: true, error?: undefined } | { ok?: undefined, error: { message: string, code?: string } }>
    accepts (t: TapLike, what: string, sql: string, params?: unknown[]): Promise<unknown>
    rejects (t: TapLike, what: string, sql: string, options: { code: string, params?: unknown[] }): Promise<unknown>
    query (sql: string, params?: unknown[]): Promise<Array<Record<string, string | null>>>
    columns (table: string): Promise<Array<{ name: string, type: string, nullable: boolean, default: string | null }>>
    constraints (table: string): Promise<Array<{ name: string, type: string, columns: string[], references: string | null, onDelete: string, definition: string }>>
    indexes (table: string): Promise<Array<{ name: string, definition: string }>>
  }
}

declare module '@backlab/grader/bounded' {
  export const FIELD_MAX_BYTES: number
  export const MESSAGE_MAX_BYTES: number
  export const VALUE_MAX_BYTES: number
  export function bounded (text: string, maxBytes?: number): string
  export function visible (text: string): string
  export function headerText (value: string, maxBytes?: number): string
  export function boundedDiagnostics (extra: Record<string, unknown>): Record<string, unknown>
  export function boundedMessage (message: string): string
  export function boundFailures<T> (t: T, options?: { onTopLevelStart?: (name: string) => void }): T
  export function markTestStart (name: string, options?: { env?: Record<string, string | undefined>, output?: { write: (s: string) => unknown } }): void
}
