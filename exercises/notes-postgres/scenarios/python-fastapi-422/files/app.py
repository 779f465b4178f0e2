# Notes API on FastAPI and psycopg with pydantic models for the request bodies. Everything is
# stored right, but FastAPI answers a body that does not fit the model (no title, malformed
# JSON) with 422 and {"detail": [...]}, not 400 and {"error": ...}; and pydantic turns the
# number 42 into the string "42" instead of rejecting it.
import os
from typing import Optional

import psycopg
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, Response
from psycopg.rows import dict_row
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

DATABASE_URL = os.environ["DATABASE_URL"]

with psycopg.connect(DATABASE_URL) as conn:
    conn.execute(
        """CREATE TABLE IF NOT EXISTS notes (
            id SERIAL PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )"""
    )

app = FastAPI()


class NewNote(BaseModel):
    title: str
    body: str = ""


class NoteChange(BaseModel):
    title: Optional[str] = None
    body: Optional[str] = None


@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


def check_title(title):
    if not title.strip():
        raise HTTPException(400, "title must not be blank")
    if len(title) > 200:
        raise HTTPException(400, "title must be at most 200 characters")


def run(sql, params=()):
    with psycopg.connect(DATABASE_URL, row_factory=dict_row) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def note_id(raw):
    if not raw.isdigit() or int(raw) > 2**31 - 1:
        raise HTTPException(404, f"no note with id {raw}")
    return int(raw)


def one(rows, raw):
    if not rows:
        raise HTTPException(404, f"no note with id {raw}")
    return {**rows[0], "created_at": rows[0]["created_at"].isoformat()}


@app.get("/notes")
def list_notes():
    return [one([row], "") for row in run("SELECT * FROM notes ORDER BY id")]


@app.post("/notes", status_code=201)
def create_note(note: NewNote):
    check_title(note.title)
    return one(run("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING *", (note.title, note.body)), "")


@app.get("/notes/{raw}")
def get_note(raw: str):
    return one(run("SELECT * FROM notes WHERE id = %s", (note_id(raw),)), raw)


@app.patch("/notes/{raw}")
def update_note(raw: str, change: NoteChange):
    id = note_id(raw)
    if change.title is not None:
        check_title(change.title)
    rows = run(
        "UPDATE notes SET title = COALESCE(%s, title), body = COALESCE(%s, body) WHERE id = %s RETURNING *",
        (change.title, change.body, id),
    )
    return one(rows, raw)


@app.delete("/notes/{raw}")
def delete_note(raw: str):
    if run("DELETE FROM notes WHERE id = %s", (note_id(raw),)) == 0:
        raise HTTPException(404, f"no note with id {raw}")
    return Response(status_code=204)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
