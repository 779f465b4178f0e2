// Lint for our own code: standard style (neostandard) with TypeScript support. `npm run lint`.
// Each style adjustment below follows a convention the code already keeps; rules that find real
// problems stay on, and a deliberate exception gets an eslint-disable comment with a reason.
import neostandard, { resolveIgnoresFromGitignore } from 'neostandard'

export default [
  {
    ignores: [
      ...resolveIgnoresFromGitignore(),
      'node_modules/**', 'dist/**', '.build/**', 'services/web/dist/**',
      // The hostile corpus and the learner-style fixtures are odd on purpose.
      'tests/fixtures/**',
      // Exercises hold learner code in many styles (starters, solutions, alternatives, scenarios):
      // not ours to lint. Their grader/ suites are ours, though: instructor-written code that runs
      // in the grader image on top of graders/node, so they are linted like graders/node.
      'exercises/**/*', '!exercises/*/', '!exercises/*/grader/', '!exercises/*/grader/**/*.mjs'
    ]
  },

  ...neostandard({ ts: true }),

  {
    name: 'backlab/house-style',
    rules: {
      // `void promise` as a statement is how the code marks a promise it means not to await
      // (fire-and-forget timers, reply.setCookie, onClick handlers); every use is a statement.
      // A `void` used as a value is still an error.
      'no-void': ['error', { allowAsStatement: true }],
      // A `let` a callback reads before its one assignment (an event stream a watcher wakes, set
      // once the stream is open) cannot be a const: the callback exists first.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }]
    }
  },

  {
    name: 'backlab/house-style/jsx',
    files: ['**/*.tsx', '**/*.jsx'],
    rules: {
      // The web app writes HTML attributes in double quotes, as in HTML (every attribute does).
      '@stylistic/jsx-quotes': ['error', 'prefer-double'],
      // Markup starts on the line of its `return`, `=>`, `&&` or assignment, without wrapping
      // parentheses (no component uses them)...
      '@stylistic/jsx-wrap-multilines': 'off',
      // ...so a closing tag lines up with the line where its element starts, not with the `<`.
      '@stylistic/jsx-closing-tag-location': ['error', 'line-aligned'],
      // A long opening tag either wraps its attributes (first ones on the tag's line, `>` after the
      // last; the usual form) or puts one per line with `>` under the `<`: both forms are used.
      '@stylistic/jsx-first-prop-new-line': 'off',
      '@stylistic/jsx-closing-bracket-location': 'off'
    }
  },

  {
    // The grader library and the exercises' grader suites have a layout of their own, kept in
    // every file: `function name(args)` with no space before the parenthesis (while `function ()`
    // and `async () =>` keep theirs), and a trailing comma after the last item of any multi-line
    // list, call arguments included (one line in 50 files lacks it).
    name: 'backlab/house-style/graders',
    files: ['graders/node/**/*.mjs', 'exercises/*/grader/**/*.mjs'],
    rules: {
      '@stylistic/space-before-function-paren': ['error', { named: 'never', anonymous: 'always', asyncArrow: 'always' }],
      '@stylistic/comma-dangle': ['warn', 'always-multiline'],
      // They write SQL and feedback text in backticks, with or without ${}, so it can hold 'quoted'
      // SQL literals and "quoted" words alike; the autofix would turn those into \' escapes.
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }]
    }
  },

  {
    // Promise rules that need type information, on the code that runs in production: an
    // unhandled rejection ends the API or worker process. The code already marks every promise it
    // does not await with `void` (none is left unmarked today). Not on tests/: tap's t.test()
    // returns a promise that tap itself tracks, so every subtest would be reported.
    name: 'backlab/promises',
    files: ['services/**/*.ts', 'services/**/*.tsx', 'scripts/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error'
    }
  }
]
