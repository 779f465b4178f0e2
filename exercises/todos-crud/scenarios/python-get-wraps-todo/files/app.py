# Scenario: FastAPI: GET /todos/{id} answers {"todo": {...}} instead of the todo itself.
import json

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()

store = {}
last_id = 0


class Invalid(Exception):
    pass


@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


def bad(message):
    return JSONResponse({"error": message}, status_code=400)


def missing(todo_id):
    return JSONResponse({"error": f"there is no todo {todo_id}"}, status_code=404)


async def body_of(request):
    try:
        data = json.loads(await request.body())
    except ValueError:
        raise Invalid("malformed JSON")
    if type(data) is not dict:
        raise Invalid("expected a JSON object")
    return data


def check(data, creating):
    if creating and "title" not in data:
        raise Invalid("a title is needed")
    if "title" in data:
        title = data["title"]
        if type(title) is not str:
            raise Invalid("title has to be text")
        if len(title.strip()) == 0:
            raise Invalid("title is blank")
        if len(title) > 200:
            raise Invalid("title has more than 200 characters")
    if "completed" in data and type(data["completed"]) is not bool:
        raise Invalid("completed has to be true or false")


@app.get("/todos")
async def all_todos():
    return list(store.values())


@app.post("/todos")
async def add(request: Request):
    global last_id
    try:
        data = await body_of(request)
        check(data, creating=True)
    except Invalid as e:
        return bad(str(e))
    last_id += 1
    todo = {"id": last_id, "title": data["title"], "completed": data.get("completed", False)}
    store[last_id] = todo
    return JSONResponse(todo, status_code=201, headers={"Location": f"/todos/{last_id}"})


def lookup(todo_id):
    try:
        return store.get(int(todo_id))
    except ValueError:
        return None


@app.get("/todos/{todo_id}")
async def one(todo_id: str):
    todo = lookup(todo_id)
    return {"todo": todo} if todo else missing(todo_id)


@app.patch("/todos/{todo_id}")
async def change(todo_id: str, request: Request):
    todo = lookup(todo_id)
    if not todo:
        return missing(todo_id)
    try:
        data = await body_of(request)
        check(data, creating=False)
    except Invalid as e:
        return bad(str(e))
    todo.update({k: data[k] for k in ("title", "completed") if k in data})
    return todo


@app.delete("/todos/{todo_id}")
async def remove(todo_id: str):
    todo = lookup(todo_id)
    if not todo:
        return missing(todo_id)
    del store[todo["id"]]
    return Response(status_code=204)
