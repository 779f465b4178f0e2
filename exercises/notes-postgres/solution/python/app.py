"""Reference solution: a notes API on FastAPI, stored in PostgreSQL with psycopg 3 (async)."""
import asyncio
import json
import os
from contextlib import asynccontextmanager

import psycopg
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from psycopg.rows import dict_row
from starlette.exceptions import HTTPException

DATABASE_URL = os.environ["DATABASE_URL"]
MAX_TITLE_LENGTH = 200
# The largest value of an INTEGER column: a bigger id cannot be a note's, and Postgres would
# reject it with an error (a 500) instead of finding no row (a 404).
MAX_ID = 2147483647
POOL_SIZE = 5

COLUMNS = 'id, title, body, created_at AS "createdAt"'


class Pool:
    """A few connections shared by all requests: each one borrows a connection and gives it back."""

    def __init__(self, size):
        self.size = size
        self.idle = asyncio.Queue()

    async def open(self):
        for _ in range(self.size):
            # autocommit: every statement is committed at once, so other connections see it.
            conn = await psycopg.AsyncConnection.connect(DATABASE_URL, autocommit=True, row_factory=dict_row)
            self.idle.put_nowait(conn)

    @asynccontextmanager
    async def connection(self):
        conn = await self.idle.get()
        try:
            yield conn
        finally:
            self.idle.put_nowait(conn)

    async def fetch(self, sql, params=()):
        # %s placeholders: psycopg sends the values apart from the SQL text, so no quote in them
        # can change the query.
        async with self.connection() as conn:
            cursor = await conn.execute(sql, params)
            return await cursor.fetchall() if cursor.description else cursor.rowcount


pool = Pool(POOL_SIZE)
app = FastAPI()


@app.on_event("startup")
async def start():
    await pool.open()
    # IF NOT EXISTS: the table and its rows are still there when the server restarts.
    await pool.fetch(
        """
        CREATE TABLE IF NOT EXISTS notes (
            id         INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            title      TEXT NOT NULL,
            body       TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
    )


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@app.exception_handler(ApiError)
async def api_error(request, error):
    return JSONResponse({"error": error.message}, status_code=error.status)


# FastAPI answers unknown routes with {"detail": "Not Found"}; this API's errors say "error".
@app.exception_handler(HTTPException)
async def http_error(request, error):
    return JSONResponse({"error": f"{request.method} {request.url.path}: {error.detail}"}, status_code=error.status_code)


def to_json(note):
    return {**note, "createdAt": note["createdAt"].isoformat()}


async def read_json_object(request):
    # Not a pydantic model: FastAPI would answer a bad body with 422 and {"detail": [...]}.
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise ApiError(400, "the request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return body


def validate(body, title_required):
    """POST requires a title; PATCH checks only the fields it is given."""
    if title_required and "title" not in body:
        raise ApiError(400, "title is required")
    if "title" in body:
        title = body["title"]
        if not isinstance(title, str):
            raise ApiError(400, "title must be a string")
        if title.strip() == "":
            raise ApiError(400, "title must not be empty")
        if len(title) > MAX_TITLE_LENGTH:
            raise ApiError(400, f"title must be at most {MAX_TITLE_LENGTH} characters")
    if "body" in body and not isinstance(body["body"], str):
        raise ApiError(400, "body must be a string")


def note_id(raw):
    """The id from the path as a number, or a 404 when it cannot be the id of any note."""
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        raise ApiError(404, f"no note with id {raw}")
    return int(raw)


def found(rows, raw_id):
    if not rows:
        raise ApiError(404, f"no note with id {raw_id}")
    return to_json(rows[0])


@app.get("/notes")
async def list_notes():
    # ORDER BY: without it, rows come back in whatever order is cheapest (updated rows move).
    rows = await pool.fetch(f"SELECT {COLUMNS} FROM notes ORDER BY id")
    return [to_json(row) for row in rows]


@app.post("/notes", status_code=201)
async def create_note(request: Request):
    body = await read_json_object(request)
    validate(body, title_required=True)
    rows = await pool.fetch(
        f"INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING {COLUMNS}",
        (body["title"], body.get("body", "")),
    )
    note = to_json(rows[0])
    return JSONResponse(note, status_code=201, headers={"Location": f"/notes/{note['id']}"})


@app.get("/notes/{raw_id}")
async def get_note(raw_id: str):
    rows = await pool.fetch(f"SELECT {COLUMNS} FROM notes WHERE id = %s", (note_id(raw_id),))
    return found(rows, raw_id)


@app.patch("/notes/{raw_id}")
async def update_note(raw_id: str, request: Request):
    id = note_id(raw_id)
    body = await read_json_object(request)
    validate(body, title_required=False)
    # COALESCE keeps the current value of a field the request does not give.
    rows = await pool.fetch(
        f"UPDATE notes SET title = COALESCE(%s, title), body = COALESCE(%s, body) WHERE id = %s RETURNING {COLUMNS}",
        (body.get("title"), body.get("body"), id),
    )
    return found(rows, raw_id)


@app.delete("/notes/{raw_id}")
async def delete_note(raw_id: str):
    deleted = await pool.fetch("DELETE FROM notes WHERE id = %s", (note_id(raw_id),))
    if deleted == 0:
        raise ApiError(404, f"no note with id {raw_id}")
    return Response(status_code=204)


if __name__ == "__main__":
    # host="0.0.0.0": listen on every interface, not only on 127.0.0.1.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
