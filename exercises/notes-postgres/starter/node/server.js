// Your notes API. Run it with: PORT=3000 DATABASE_URL=postgres://… node server.js
// Read instructions.md for what each route must do; the grader checks them one by one.
import express from 'express'
import pg from 'pg'

// A pool of connections to the database in DATABASE_URL. `await pool.query(sql, [values])`
// borrows a connection, runs the query and gives the connection back; it resolves to a result
// whose `rows` are plain objects. Put values in the array and write $1, $2, … in the SQL:
// never paste them into the SQL text.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })

// Task 1: create the notes table here, before the server starts listening:
//   await pool.query(`CREATE TABLE IF NOT EXISTS notes (…)`)

const app = express()
// Parses JSON request bodies into req.body.
app.use(express.json())

function notImplemented(req, res) {
  res.status(501).json({ error: `${req.method} ${req.path} is not implemented yet` })
}

// Task 2: insert the note, answer 201 with it.
app.post('/notes', notImplemented)
// Task 3: every note, oldest first.
app.get('/notes', notImplemented)
// Task 3: one note, or 404.
app.get('/notes/:id', notImplemented)
// Task 4: change only the fields in the body.
app.patch('/notes/:id', notImplemented)
// Task 5: delete the note, answer 204 with no body.
app.delete('/notes/:id', notImplemented)

// Every other route: a JSON 404 instead of Express's HTML "Cannot GET" page.
app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` })
})

// Errors as JSON instead of Express's HTML error page: malformed JSON (rejected by
// express.json()) is a 400; anything else thrown in a route (Express 5 catches rejected
// promises too), such as a failed query, is a 500.
app.use((error, req, res, next) => {
  if (error.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'the request body is not valid JSON' })
  }
  console.error(error)
  res.status(500).json({ error: 'internal server error' })
})

// No host argument: the server then accepts connections on every interface, 127.0.0.1 included.
const port = Number(process.env.PORT) || 3000
app.listen(port, () => console.log(`notes API listening on port ${port}`))
