import json
import os

import psycopg
from flask import Flask, jsonify, request

DB = os.environ["DATABASE_URL"]
LARGEST_ID = 2**31 - 1

app = Flask(__name__)


def run(sql, params=()):
    """One connection per request; the with block commits."""
    with psycopg.connect(DB) as conn:
        cur = conn.execute(sql, params)
        rows = cur.fetchall() if cur.description else None
        return rows, cur.rowcount


def as_note(row):
    return {"id": row[0], "title": row[1], "body": row[2], "createdAt": row[3].isoformat()}


def error(status, text):
    return jsonify({"error": text}), status


def parse_id(text):
    if text.isdigit() and text.isascii() and int(text) <= LARGEST_ID:
        return int(text)
    return None


def payload():
    raw = request.get_data(as_text=True)
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "the body is not valid JSON"
    if not isinstance(data, dict):
        return None, "the body must be a JSON object"
    return data, None


def title_problem(title):
    if not isinstance(title, str):
        return "title must be a string"
    if not title.strip():
        return "title must not be blank"
    if len(title) > 200:
        return "title is longer than 200 characters"
    return None


@app.route("/notes", methods=["GET"])
def list_all():
    rows, _ = run("SELECT id, title, body, created FROM notes ORDER BY id")
    return jsonify([as_note(r) for r in rows])


@app.route("/notes", methods=["POST"])
def create():
    data, problem = payload()
    if problem:
        return error(400, problem)
    if "title" not in data:
        return error(400, "title is required")
    problem = title_problem(data["title"])
    if problem:
        return error(400, problem)
    body = data.get("body", "")
    if not isinstance(body, str):
        return error(400, "body must be a string")
    rows, _ = run("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING id, title, body, created", (data["title"], body))
    return jsonify(as_note(rows[0])), 201


@app.route("/notes/<raw>", methods=["GET"])
def read(raw):
    note_id = parse_id(raw)
    rows, _ = run("SELECT id, title, body, created FROM notes WHERE id = %s", (note_id,)) if note_id else ([], 0)
    if not rows:
        return error(404, f"note {raw} does not exist")
    return jsonify(as_note(rows[0]))


@app.route("/notes/<raw>", methods=["PATCH"])
def update(raw):
    note_id = parse_id(raw)
    if note_id is None:
        return error(404, f"note {raw} does not exist")
    data, problem = payload()
    if problem:
        return error(400, problem)
    if "title" in data:
        problem = title_problem(data["title"])
        if problem:
            return error(400, problem)
    if "body" in data and not isinstance(data["body"], str):
        return error(400, "body must be a string")
    sets, params = [], []
    for field in ("title", "body"):
        if field in data:
            sets.append(f"{field} = %s")
            params.append(data[field])
    if sets:
        sql = f"UPDATE notes SET {', '.join(sets)} WHERE id = %s RETURNING id, title, body, created"
    else:
        sql = "SELECT id, title, body, created FROM notes WHERE id = %s"
    rows, _ = run(sql, (*params, note_id))
    if not rows:
        return error(404, f"note {raw} does not exist")
    return jsonify(as_note(rows[0]))


@app.route("/notes/<raw>", methods=["DELETE"])
def delete(raw):
    note_id = parse_id(raw)
    count = run("DELETE FROM notes WHERE id = %s", (note_id,))[1] if note_id else 0
    if count == 0:
        return error(404, f"note {raw} does not exist")
    return "", 204


@app.errorhandler(404)
def unknown(_):
    return error(404, "unknown route")


@app.errorhandler(405)
def wrong_method(_):
    return error(405, "method not allowed")


if __name__ == "__main__":
    with psycopg.connect(DB) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS notes ("
            " id SERIAL PRIMARY KEY,"
            " title TEXT NOT NULL,"
            " body TEXT NOT NULL DEFAULT '',"
            " created TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]), threaded=True)
