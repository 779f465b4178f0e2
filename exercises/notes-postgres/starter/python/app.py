"""Your notes API. Run it with: PORT=3000 DATABASE_URL=postgres://… python3 app.py

Read instructions.md for what each route must do; the grader checks them one by one.
"""
import os

import psycopg
from flask import Flask, jsonify, request

DATABASE_URL = os.environ.get("DATABASE_URL", "")


def connect():
    """A new connection to the database in DATABASE_URL.

    Use it as `with connect() as conn:`; at the end of the block the transaction is committed
    (or rolled back after an error) and the connection closed. `conn.execute(sql, (values,))`
    runs a query: write %s in the SQL for each value and pass the values apart, never paste
    them into the SQL text.
    """
    return psycopg.connect(DATABASE_URL)


# Task 1: create the notes table here, before the server starts listening:
#     with connect() as conn:
#         conn.execute("CREATE TABLE IF NOT EXISTS notes (...)")

app = Flask(__name__)


def not_implemented():
    return jsonify(error=f"{request.method} {request.path} is not implemented yet"), 501


@app.post("/notes")
def create_note():
    # Task 2: insert the note, answer 201 with it.
    return not_implemented()


@app.get("/notes")
def list_notes():
    # Task 3: every note, oldest first.
    return not_implemented()


@app.get("/notes/<note_id>")
def get_note(note_id):
    # Task 3: one note, or 404.
    return not_implemented()


@app.patch("/notes/<note_id>")
def update_note(note_id):
    # Task 4: change only the fields in the body.
    return not_implemented()


@app.delete("/notes/<note_id>")
def delete_note(note_id):
    # Task 5: delete the note, answer 204 with no body.
    return not_implemented()


# Every other route: a JSON 404 instead of Flask's HTML page.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not supported on {request.path}"), 405


if __name__ == "__main__":
    # host="0.0.0.0": listen on every interface, not only on 127.0.0.1.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
