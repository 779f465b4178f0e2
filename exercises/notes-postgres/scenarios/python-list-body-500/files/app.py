"""Reference solution: a notes API on Flask, stored in PostgreSQL with psycopg 3."""
import json
import os
import queue
import threading
from contextlib import contextmanager

import psycopg
from flask import Flask, jsonify, request
from psycopg.rows import dict_row

DATABASE_URL = os.environ["DATABASE_URL"]
MAX_TITLE_LENGTH = 200
# The largest value of an INTEGER column: a bigger id cannot be a note's, and Postgres would
# reject it with an error (a 500) instead of finding no row (a 404).
MAX_ID = 2147483647
POOL_SIZE = 5

COLUMNS = 'id, title, body, created_at AS "createdAt"'


def connect():
    # autocommit: every statement is committed at once, so other connections (the grader's, the
    # next process's after a restart) see it.
    return psycopg.connect(DATABASE_URL, autocommit=True, row_factory=dict_row)


class Pool:
    """A few connections shared by the request threads: each request borrows one and gives it back.

    A connection is used by one thread at a time. Connections are opened when first needed, at
    most `size` of them; a request that finds them all busy waits for one to come back.
    """

    def __init__(self, size):
        self.slots = threading.BoundedSemaphore(size)
        self.idle = queue.LifoQueue()

    def add(self, conn):
        self.idle.put(conn)

    @contextmanager
    def connection(self):
        with self.slots:
            try:
                conn = self.idle.get_nowait()
            except queue.Empty:
                conn = connect()
            try:
                yield conn
            finally:
                # A connection that was lost (the database restarted, say) is not given back.
                if conn.closed or conn.broken:
                    conn.close()
                else:
                    self.idle.put(conn)

    def fetch(self, sql, params=()):
        # %s placeholders: psycopg sends the values apart from the SQL text, so no quote in them
        # can change the query.
        with self.connection() as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount


pool = Pool(POOL_SIZE)
app = Flask(__name__)


def create_table():
    # Before the server listens. IF NOT EXISTS: the table and its rows are still there when the
    # server restarts. The connection then joins the pool.
    conn = connect()
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS notes (
            id         INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            title      TEXT NOT NULL,
            body       TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
    )
    pool.add(conn)


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@app.errorhandler(ApiError)
def api_error(error):
    return jsonify(error=error.message), error.status


# Flask's own error pages are HTML; this API's errors are JSON with an "error" message.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not supported on {request.path}"), 405


@app.errorhandler(500)
def server_error(error):
    return jsonify(error="internal server error"), 500


def to_json(note):
    # Flask would write a datetime as an HTTP date; ISO 8601 is what JSON APIs expect.
    return {**note, "createdAt": note["createdAt"].isoformat()}


def read_json_object():
    # Not request.get_json(): it answers a bad body with Flask's HTML 400 page.
    try:
        body = json.loads(request.get_data())
    except ValueError:  # also covers a body that is not UTF-8
        raise ApiError(400, "the request body is not valid JSON")
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
    return jsonify(to_json(rows[0]))


@app.get("/notes")
def list_notes():
    # ORDER BY: without it, rows come back in whatever order is cheapest (updated rows move).
    rows = pool.fetch(f"SELECT {COLUMNS} FROM notes ORDER BY id")
    return jsonify([to_json(row) for row in rows])


@app.post("/notes")
def create_note():
    body = read_json_object()
    validate(body, title_required=True)
    rows = pool.fetch(
        f"INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING {COLUMNS}",
        (body["title"], body.get("body", "")),
    )
    note = to_json(rows[0])
    return jsonify(note), 201, {"Location": f"/notes/{note['id']}"}


@app.get("/notes/<raw_id>")
def get_note(raw_id):
    rows = pool.fetch(f"SELECT {COLUMNS} FROM notes WHERE id = %s", (note_id(raw_id),))
    return found(rows, raw_id)


@app.patch("/notes/<raw_id>")
def update_note(raw_id):
    id = note_id(raw_id)
    body = read_json_object()
    validate(body, title_required=False)
    # COALESCE keeps the current value of a field the request does not give.
    rows = pool.fetch(
        f"UPDATE notes SET title = COALESCE(%s, title), body = COALESCE(%s, body) WHERE id = %s RETURNING {COLUMNS}",
        (body.get("title"), body.get("body"), id),
    )
    return found(rows, raw_id)


@app.delete("/notes/<raw_id>")
def delete_note(raw_id):
    deleted = pool.fetch("DELETE FROM notes WHERE id = %s", (note_id(raw_id),))
    if deleted == 0:
        raise ApiError(404, f"no note with id {raw_id}")
    return "", 204


if __name__ == "__main__":
    create_table()
    # host="0.0.0.0": listen on every interface, not only on 127.0.0.1. threaded=True: each
    # request runs in a thread of its own, so slow ones do not hold up the others.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
