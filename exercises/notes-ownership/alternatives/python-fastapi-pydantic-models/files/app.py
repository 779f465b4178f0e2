import hmac
import json
import os
from pathlib import Path
from typing import Optional

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, StrictStr, validator
from starlette.exceptions import HTTPException as StarletteHTTPException

USERS = json.loads((Path(__file__).parent / "users.json").read_text())
notes = []
last_id = 0


def user_for_token(token):
    for user in USERS:
        if hmac.compare_digest(user["token"].encode(), token.encode()):
            return user
    return None


def caller(request: Request):
    header = request.headers.get("authorization")
    if header is None or not header.startswith("Bearer "):
        raise HTTPException(401, "missing bearer token")
    token = header[7:]
    user = user_for_token(token) if token and " " not in token else None
    if user is None:
        raise HTTPException(401, "invalid token")
    return user


class NewNote(BaseModel):
    title: StrictStr
    body: StrictStr = ""

    @validator("title")
    def not_blank(cls, value):
        if not value.strip():
            raise ValueError("title must not be blank")
        return value


class NoteChange(BaseModel):
    title: Optional[StrictStr]
    body: Optional[StrictStr]

    @validator("title")
    def not_blank(cls, value):
        if value is not None and not value.strip():
            raise ValueError("title must not be blank")
        return value


app = FastAPI()
router = APIRouter(dependencies=[Depends(caller)])


@app.exception_handler(StarletteHTTPException)
async def as_json(request, exc):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


@app.exception_handler(RequestValidationError)
async def as_400(request, exc):
    return JSONResponse({"error": "invalid request body"}, status_code=400)


def accessible(note_id: str, user):
    for note in notes:
        if str(note["id"]) == note_id and (note["ownerId"] == user["id"] or user["role"] == "admin"):
            return note
    raise HTTPException(404, "note not found")


@router.get("/me")
def me(user=Depends(caller)):
    return {key: user[key] for key in ("id", "username", "role")}


@router.get("/notes")
def mine(user=Depends(caller)):
    return [note for note in notes if note["ownerId"] == user["id"]]


@router.post("/notes", status_code=201)
def create(data: NewNote, user=Depends(caller)):
    global last_id
    last_id += 1
    note = {"id": last_id, "title": data.title, "body": data.body, "ownerId": user["id"]}
    notes.append(note)
    return note


@router.get("/notes/{note_id}")
def read(note_id: str, user=Depends(caller)):
    return accessible(note_id, user)


@router.patch("/notes/{note_id}")
def change(note_id: str, data: NoteChange, user=Depends(caller)):
    note = accessible(note_id, user)
    for key, value in data.dict(exclude_unset=True).items():
        if value is not None:
            note[key] = value
    return note


@router.delete("/notes/{note_id}", status_code=204)
def delete(note_id: str, user=Depends(caller)):
    notes.remove(accessible(note_id, user))
    return Response(status_code=204)


@router.get("/admin/notes")
def everything(user=Depends(caller)):
    if user["role"] != "admin":
        raise HTTPException(403, "admins only")
    return notes


app.include_router(router)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))
