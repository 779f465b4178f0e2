# Scenario: Flask: the genre filter keeps every book whose genre contains the text, so ?genre=fiction matches science fiction.
import json
import os
import re

from flask import Flask, jsonify, request

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "books.json"), encoding="utf-8") as f:
    BOOKS = json.load(f)

app = Flask(__name__)


class BadParam(Exception):
    pass


def as_int(name, default):
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"-?\d+", raw):
        raise BadParam(f"{name} must be a whole number, got {raw!r}")
    return int(raw)


@app.errorhandler(BadParam)
def bad_param(e):
    return jsonify(error=str(e)), 400


@app.errorhandler(404)
def not_found(e):
    return jsonify(error="not found"), 404


@app.errorhandler(405)
def not_allowed(e):
    return jsonify(error="method not allowed"), 405


@app.get("/books")
def list_books():
    limit = as_int("limit", 10)
    offset = as_int("offset", 0)
    year_from = as_int("year_from", None)
    year_to = as_int("year_to", None)
    if not 1 <= limit <= 50:
        raise BadParam("limit must be from 1 to 50")
    if offset < 0:
        raise BadParam("offset must be 0 or more")
    sort = request.args.get("sort")
    field = None
    if sort is not None:
        field = sort[1:] if sort.startswith("-") else sort
        if field not in ("title", "author", "year"):
            raise BadParam(f"sort by {sort!r} is not supported")
    author = request.args.get("author")
    genre = request.args.get("genre")
    hits = [
        b for b in BOOKS
        if (author is None or b["author"] == author)
        and (genre is None or genre in b["genre"])
        and (year_from is None or b["year"] >= year_from)
        and (year_to is None or b["year"] <= year_to)
    ]
    hits.sort(key=lambda b: b["id"])
    if field:
        # sorted() is stable: the id order survives among equal values, descending too.
        hits = sorted(hits, key=lambda b: b[field], reverse=sort.startswith("-"))
    return jsonify(items=hits[offset:offset + limit], total=len(hits), limit=limit, offset=offset)


@app.get("/books/<book_id>")
def one_book(book_id):
    for b in BOOKS:
        if str(b["id"]) == book_id:
            return jsonify(b)
    return jsonify(error=f"no book with id {book_id}"), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]))
