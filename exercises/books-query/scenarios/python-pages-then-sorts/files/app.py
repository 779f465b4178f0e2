# Scenario: FastAPI: cuts the page first, then sorts only that page, so ?sort=year&limit=5&offset=5 sorts ids 6 to 10.
"""Books: paginate, filter and sort. Reference solution with FastAPI."""
import json
import os
from pathlib import Path
from typing import Optional

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

# Read once at start-up; the API never changes them. books.json is already in id order.
BOOKS = json.loads((Path(__file__).parent / "books.json").read_text(encoding="utf-8"))
SORT_FIELDS = ("title", "year", "author")

app = FastAPI()


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


@app.exception_handler(RequestValidationError)
async def invalid_parameter(request: Request, exc: RequestValidationError):
    # FastAPI checks the typed parameters below (limit: int, ge=1, ...) and would answer
    # 422 with {"detail": [...]}. This API answers 400 and names the parameter instead.
    first = exc.errors()[0]
    name = first["loc"][-1]
    return error(400, f"invalid {name}: {first['msg']}")


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException):
    # Unknown routes (404) and wrong methods (405): {"error": ...} instead of {"detail": ...}.
    message = f"no route for {request.method} {request.url.path}" if exc.status_code == 404 else str(exc.detail)
    return error(exc.status_code, message)


@app.get("/books")
def list_books(
    limit: int = Query(10, ge=1, le=50),
    offset: int = Query(0, ge=0),
    author: Optional[str] = None,
    genre: Optional[str] = None,
    year_from: Optional[int] = None,
    year_to: Optional[int] = None,
    sort: Optional[str] = None,
):
    field = None
    if sort is not None:
        field = sort[1:] if sort.startswith("-") else sort
        if field not in SORT_FIELDS:
            return error(400, f"sort must be one of {', '.join(SORT_FIELDS)} (with an optional - in front), got {sort!r}")

    matches = [
        book
        for book in BOOKS
        if (author is None or book["author"] == author)
        and (genre is None or book["genre"] == genre)
        and (year_from is None or book["year"] >= year_from)
        and (year_to is None or book["year"] <= year_to)
    ]
    page = matches[offset : offset + limit]
    if field is not None:
        page = sorted(page, key=lambda book: book[field], reverse=sort.startswith("-"))
    return {"items": page, "total": len(matches), "limit": limit, "offset": offset}


@app.get("/books/{book_id}")
def get_book(book_id: str):
    for book in BOOKS:
        if str(book["id"]) == book_id:
            return book
    return error(404, f"no book with id {book_id}")


if __name__ == "__main__":
    # host 0.0.0.0: accept connections on every interface, not only from this machine.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
