// Grader for subqueries-ctes: every task is a query, compared with the reference's result
// under the rules in exercise.json; nothing here but the library's runner.
import { sqlExercise } from '@backlab/grader/sql'

await sqlExercise()
