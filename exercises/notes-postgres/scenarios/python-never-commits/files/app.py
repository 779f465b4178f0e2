# Notes API in Flask with one global psycopg connection, opened at start-up and shared by every
# request. psycopg opens a transaction at the first statement and nothing ever commits it: the
# app sees its own notes, but no other connection does, and they vanish with the process.
import json
import os

import psycopg
from flask import Flask, jsonify, request
from psycopg.rows import dict_row

conn = psycopg.connect(os.environ["DATABASE_URL"], row_factory=dict_row)
conn.execute(
    """CREATE TABLE IF NOT EXISTS notes (
        id SERIAL PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT ''
    )"""
)

app = Flask(__name__)


def error(status, message):
    return jsonify(error=message), status


def problem_with(data, creating):
    if not isinstance(data, dict):
        return "send a JSON object"
    if creating and "title" not in data:
        return "title is required"
    if "title" in data:
        if not isinstance(data["title"], str) or not data["title"].strip():
            return "title must be a non-blank string"
        if len(data["title"]) > 200:
            return "title must be at most 200 characters"
    if "body" in data and not isinstance(data["body"], str):
        return "body must be a string"
    return None


def body_json():
    try:
        return json.loads(request.get_data())
    except ValueError:
        return None


@app.get("/notes")
def list_notes():
    return jsonify(conn.execute("SELECT id, title, body FROM notes ORDER BY id").fetchall())


@app.post("/notes")
def create_note():
    data = body_json()
    problem = problem_with(data, creating=True)
    if problem:
        return error(400, problem)
    note = conn.execute(
        "INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING id, title, body",
        (data["title"], data.get("body", "")),
    ).fetchone()
    return jsonify(note), 201


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    note = conn.execute("SELECT id, title, body FROM notes WHERE id = %s", (note_id,)).fetchone()
    if note is None:
        return error(404, "note not found")
    return jsonify(note)


@app.patch("/notes/<int:note_id>")
def update_note(note_id):
    data = body_json()
    problem = problem_with(data, creating=False)
    if problem:
        return error(400, problem)
    note = conn.execute(
        "UPDATE notes SET title = COALESCE(%s, title), body = COALESCE(%s, body) WHERE id = %s RETURNING id, title, body",
        (data.get("title"), data.get("body"), note_id),
    ).fetchone()
    if note is None:
        return error(404, "note not found")
    return jsonify(note)


@app.delete("/notes/<int:note_id>")
def delete_note(note_id):
    if conn.execute("DELETE FROM notes WHERE id = %s", (note_id,)).rowcount == 0:
        return error(404, "note not found")
    return "", 204


@app.errorhandler(404)
def not_found(e):
    return error(404, "not found")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
