# Scenario: Flask: PATCH rejects only an empty title (""), so a whitespace-only, 201-character or numeric title is stored with 200.
"""Reference solution: an in-memory todo API with Flask."""
import itertools
import json
import os
import threading

from flask import Flask, jsonify, request

MAX_TITLE_LENGTH = 200

app = Flask(__name__)

# A dict keeps insertion order, which is the creation order GET /todos must keep.
todos = {}
# A counter, not len(todos) + 1: ids must never be reused after a delete.
ids = itertools.count(1)
# Flask serves requests on several threads: one lock around every change.
lock = threading.Lock()


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@app.errorhandler(ApiError)
def api_error(error):
    return jsonify(error=error.message), error.status


# Flask answers unknown routes and unsupported methods with HTML pages; the API answers JSON.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not supported on {request.path}"), 405


def read_json_object():
    # Not request.get_json(): on malformed JSON it answers Flask's own HTML 400 page.
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise ApiError(400, "the request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return body


def validate(body, title_required):
    """POST requires a title; PATCH checks only the fields it is given."""
    if title_required and "title" not in body:
        raise ApiError(400, "title is required")
    if "title" in body:
        title = body["title"]
        if not isinstance(title, str):
            raise ApiError(400, "title must be a string")
        if title.strip() == "":
            raise ApiError(400, "title must not be empty")
        if len(title) > MAX_TITLE_LENGTH:
            raise ApiError(400, f"title must be at most {MAX_TITLE_LENGTH} characters")
    # isinstance(1, bool) is False, but isinstance(True, int) is True: check for bool itself.
    if "completed" in body and not isinstance(body["completed"], bool):
        raise ApiError(400, "completed must be true or false")


def find_todo(todo_id):
    todo = todos.get(todo_id)
    if todo is None:
        raise ApiError(404, f"no todo with id {todo_id}")
    return todo


@app.get("/todos")
def list_todos():
    with lock:
        return jsonify(list(todos.values()))


@app.post("/todos")
def create_todo():
    body = read_json_object()
    validate(body, title_required=True)
    with lock:
        todo = {"id": next(ids), "title": body["title"], "completed": body.get("completed", False)}
        todos[str(todo["id"])] = todo
    return jsonify(todo), 201, {"Location": f"/todos/{todo['id']}"}


@app.get("/todos/<todo_id>")
def get_todo(todo_id):
    with lock:
        return jsonify(find_todo(todo_id))


@app.patch("/todos/<todo_id>")
def update_todo(todo_id):
    with lock:
        find_todo(todo_id)
    body = read_json_object()
    if body.get("title") == "":
        raise ApiError(400, "title must not be empty")
    if "completed" in body and not isinstance(body["completed"], bool):
        raise ApiError(400, "completed must be true or false")
    with lock:
        todo = find_todo(todo_id)
        for field in ("title", "completed"):
            if field in body:
                todo[field] = body[field]
        return jsonify(todo)


@app.delete("/todos/<todo_id>")
def delete_todo(todo_id):
    with lock:
        find_todo(todo_id)
        del todos[todo_id]
    return "", 204


if __name__ == "__main__":
    # host="0.0.0.0": listen on every interface, not only on 127.0.0.1.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
