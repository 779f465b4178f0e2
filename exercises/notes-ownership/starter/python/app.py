"""Notes: only yours. Start here: every route you have to build answers 501 Not Implemented.

Read instructions.md, then replace each `not_implemented` with the real thing.
"""
import hmac
import json
import os
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

# The three users, with their tokens. Do not edit users.json: the grader uses the same tokens.
USERS = json.loads(Path(__file__).with_name("users.json").read_text())


def user_for_token(token):
    """The user whose token this is ({"id", "username", "role", "token"}), or None."""
    for user in USERS:
        # compare_digest takes as long for a wrong first character as for a wrong last one.
        if hmac.compare_digest(user["token"].encode(), token.encode()):
            return user
    return None


# The notes, in memory: id -> {"id", "title", "body", "ownerId"}.
notes = {}

app = FastAPI()


# FastAPI's errors (unknown route, wrong method, and HTTPException you raise yourself) say
# {"detail": ...}; this API says {"error": ...}. With this handler, raise HTTPException(404, "…")
# answers 404 {"error": "…"}.
@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


# TODO (task 1): a dependency that reads `Authorization: Bearer <token>`, finds the user with
# user_for_token, answers 401 when there is none, and otherwise returns the user. Use it in every
# route with `user=Depends(current_user)`.


def not_implemented(request: Request):
    return JSONResponse({"error": f"{request.method} {request.url.path} is not implemented yet"}, status_code=501)


@app.get("/me")
def me(request: Request):
    return not_implemented(request)


@app.post("/notes")
async def create_note(request: Request):
    return not_implemented(request)


@app.get("/notes")
def list_notes(request: Request):
    return not_implemented(request)


@app.get("/notes/{note_id}")
def get_note(note_id: str, request: Request):
    return not_implemented(request)


@app.patch("/notes/{note_id}")
async def update_note(note_id: str, request: Request):
    return not_implemented(request)


@app.delete("/notes/{note_id}")
def delete_note(note_id: str, request: Request):
    return not_implemented(request)


@app.get("/admin/notes")
def all_notes(request: Request):
    return not_implemented(request)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
