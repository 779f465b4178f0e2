// Notes API on Express that keeps the notes in a Map: every route works, but nothing reaches
// the database, so a restart loses every note.
import express from 'express'

const notes = new Map()
let nextId = 1

const app = express()
app.use(express.json())

function problem(input, creating) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return 'send a JSON object'
  if (creating && input.title === undefined) return 'title is required'
  if (input.title !== undefined) {
    if (typeof input.title !== 'string') return 'title must be a string'
    if (!input.title.trim()) return 'title must not be blank'
    if (input.title.length > 200) return 'title is too long'
  }
  if (input.body !== undefined && typeof input.body !== 'string') return 'body must be a string'
  return null
}

app.get('/notes', (req, res) => res.json([...notes.values()]))

app.post('/notes', (req, res) => {
  const error = problem(req.body, true)
  if (error) return res.status(400).json({ error })
  const note = { id: nextId++, title: req.body.title, body: req.body.body ?? '', createdAt: new Date().toISOString() }
  notes.set(String(note.id), note)
  res.status(201).json(note)
})

app.get('/notes/:id', (req, res) => {
  const note = notes.get(req.params.id)
  if (!note) return res.status(404).json({ error: 'note not found' })
  res.json(note)
})

app.patch('/notes/:id', (req, res) => {
  const note = notes.get(req.params.id)
  if (!note) return res.status(404).json({ error: 'note not found' })
  const error = problem(req.body, false)
  if (error) return res.status(400).json({ error })
  if (req.body.title !== undefined) note.title = req.body.title
  if (req.body.body !== undefined) note.body = req.body.body
  res.json(note)
})

app.delete('/notes/:id', (req, res) => {
  if (!notes.delete(req.params.id)) return res.status(404).json({ error: 'note not found' })
  res.status(204).end()
})

app.use((req, res) => res.status(404).json({ error: 'not found' }))
app.use((err, req, res, next) => res.status(err.status ?? 500).json({ error: err.message }))

app.listen(Number(process.env.PORT) || 3000)
