"""Reference solution for notes-ownership (Python, FastAPI)."""
import hmac
import json
import os
from itertools import count
from pathlib import Path

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

USERS = json.loads(Path(__file__).with_name("users.json").read_text())

notes = {}  # id (int) -> note
next_id = count(1)

app = FastAPI()


# FastAPI's errors (unknown route, wrong method, and every HTTPException raised below) say
# {"detail": ...}; this API says {"error": ...}.
@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


def user_for_token(token):
    """The user whose token this is, or None. Compares in constant time."""
    for user in USERS:
        if hmac.compare_digest(user["token"].encode(), token.encode()):
            return user
    return None


def current_user(request: Request):
    """Dependency: the caller, from `Authorization: Bearer <token>`; 401 otherwise."""
    parts = request.headers.get("authorization", "").split(" ")
    user = user_for_token(parts[1]) if len(parts) == 2 else None
    if user is None:
        raise HTTPException(401, "missing or invalid token: send Authorization: Bearer <token>")
    return user


def is_admin(user):
    return user["role"] == "admin"


def can_access(user, note):
    """Owners and admins may see, change and delete a note; for everyone else it does not exist."""
    return note["ownerId"] == user["id"] or is_admin(user)


def find_note(note_id, user):
    # Path parameters are strings; the ids are ints. Compare like with like.
    note = notes.get(int(note_id)) if note_id.isascii() and note_id.isdigit() else None
    if note is None or not can_access(user, note):
        raise HTTPException(404, f"no note with id {note_id}")
    return note


async def read_json(request):
    try:
        return await request.json()
    except ValueError:
        raise HTTPException(400, "the body is not valid JSON")


def check_note(data, partial=False):
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    if "title" in data or not partial:
        title = data.get("title")
        if not isinstance(title, str) or title.strip() == "":
            raise HTTPException(400, "title must be a non-empty string")
    if "body" in data and not isinstance(data["body"], str):
        raise HTTPException(400, "body must be a string")


@app.get("/me")
def me(user=Depends(current_user)):
    return {"id": user["id"], "username": user["username"], "role": user["role"]}


@app.post("/notes", status_code=201)
async def create_note(request: Request, user=Depends(current_user)):
    data = await read_json(request)
    check_note(data)
    # Only the fields the client may choose; the owner is whoever sent the request.
    note = {"id": next(next_id), "title": data["title"], "body": data.get("body", ""), "ownerId": user["id"]}
    notes[note["id"]] = note
    return note


@app.get("/notes")
def list_notes(user=Depends(current_user)):
    return [note for note in notes.values() if note["ownerId"] == user["id"]]


@app.get("/notes/{note_id}")
def get_note(note_id: str, user=Depends(current_user)):
    return find_note(note_id, user)


@app.patch("/notes/{note_id}")
async def update_note(note_id: str, request: Request, user=Depends(current_user)):
    note = find_note(note_id, user)
    data = await read_json(request)
    check_note(data, partial=True)
    for field in ("title", "body"):
        if field in data:
            note[field] = data[field]
    return note


@app.delete("/notes/{note_id}", status_code=204)
def delete_note(note_id: str, user=Depends(current_user)):
    note = find_note(note_id, user)
    del notes[note["id"]]
    return Response(status_code=204)


@app.get("/admin/notes")
def all_notes(user=Depends(current_user)):
    if not is_admin(user):
        raise HTTPException(403, "only admins may list every note")
    return list(notes.values())


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
