// @backlab/grader/sql: what an SQL exercise's suite imports (graders/README.md, "SQL exercises").
export { sqlExercise } from './suite.mjs'
export { compareResults, equalValues, columnKind, typeName, family, DEFAULT_RULES, HINTS } from './compare.mjs'
export { formatTable, describeError, lineAndColumn } from './format.mjs'
export { splitStatements, isBlank, loadParser } from './statements.mjs'
export { sqlHints, comparesWithNull, notInSubquery, slowQueryHint, memoryHint, reproduceGenerated, MAX_GENERATED_SHOWN } from './feedback.mjs'
export { TaskDatabase, VIOLATIONS } from './task-database.mjs'
export { seededRandom, generatorHelpers, generateDatasets, datasetSeed, literal, insert, GENERATED_DATASETS, GENERATED_NAMES, GeneratorError } from './generated.mjs'
