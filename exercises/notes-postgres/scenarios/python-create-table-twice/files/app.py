# Notes API in Flask and psycopg whose start-up runs CREATE TABLE without IF NOT EXISTS: the
# first start creates the table, but every later start fails with "relation "notes" already
# exists", so the server never comes back after a restart.
import json
import os

import psycopg
from flask import Flask, jsonify, request
from psycopg.rows import dict_row

DATABASE_URL = os.environ["DATABASE_URL"]


def db():
    return psycopg.connect(DATABASE_URL, row_factory=dict_row)


with db() as conn:
    conn.execute(
        "CREATE TABLE notes (id SERIAL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '')"
    )

app = Flask(__name__)


def invalid(data, creating):
    if not isinstance(data, dict):
        return "send a JSON object"
    if creating and "title" not in data:
        return "title is required"
    title = data.get("title", "ok")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        return "title must be a non-blank string of at most 200 characters"
    if not isinstance(data.get("body", ""), str):
        return "body must be a string"
    return None


def read_json():
    try:
        return json.loads(request.get_data())
    except ValueError:
        return None


@app.route("/notes", methods=["GET", "POST"])
def notes():
    if request.method == "GET":
        with db() as conn:
            return jsonify(conn.execute("SELECT * FROM notes ORDER BY id").fetchall())
    data = read_json()
    problem = invalid(data, creating=True)
    if problem:
        return jsonify(error=problem), 400
    title, body = data["title"], data.get("body", "")
    with db() as conn:
        note = conn.execute("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING *", (title, body)).fetchone()
    return jsonify(note), 201


@app.route("/notes/<int:note_id>", methods=["GET", "PATCH", "DELETE"])
def note(note_id):
    with db() as conn:
        found = conn.execute("SELECT * FROM notes WHERE id = %s", (note_id,)).fetchone()
        if found is None:
            return jsonify(error=f"no note {note_id}"), 404
        if request.method == "GET":
            return jsonify(found)
        if request.method == "DELETE":
            conn.execute("DELETE FROM notes WHERE id = %s", (note_id,))
            return "", 204
        data = read_json()
        problem = invalid(data, creating=False)
        if problem:
            return jsonify(error=problem), 400
        title, body = data.get("title", found["title"]), data.get("body", found["body"])
        updated = conn.execute(
            "UPDATE notes SET title = %s, body = %s WHERE id = %s RETURNING *", (title, body, note_id)
        ).fetchone()
        return jsonify(updated)


@app.errorhandler(404)
def not_found(e):
    return jsonify(error="not found"), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
