# Todo API in Flask. POST /todos returns (body, headers) without a status, so Flask
# answers 200 OK instead of 201 Created; everything else is correct.
import json
import os
import threading

from flask import Flask, jsonify, request

app = Flask(__name__)

todos = {}
last_id = 0
lock = threading.Lock()


class BadRequest(Exception):
    pass


@app.errorhandler(BadRequest)
def bad_request(e):
    return jsonify(error=str(e)), 400


@app.errorhandler(404)
def not_found(e):
    return jsonify(error="not found"), 404


def read_body(creating):
    try:
        body = json.loads(request.data)
    except ValueError:
        raise BadRequest("the request body is not valid JSON")
    if type(body) is not dict:
        raise BadRequest("the request body must be a JSON object")
    if creating and "title" not in body:
        raise BadRequest("title is required")
    if "title" in body:
        if type(body["title"]) is not str:
            raise BadRequest("title must be a string")
        if body["title"].strip() == "":
            raise BadRequest("title must not be empty")
        if len(body["title"]) > 200:
            raise BadRequest("title is too long (200 characters at most)")
    if "completed" in body and type(body["completed"]) is not bool:
        raise BadRequest("completed must be true or false")
    return body


@app.route("/todos", methods=["GET", "POST"])
def todos_collection():
    global last_id
    if request.method == "GET":
        return jsonify(list(todos.values()))
    body = read_body(creating=True)
    with lock:
        last_id += 1
        todo = {"id": last_id, "title": body["title"], "completed": body.get("completed", False)}
        todos[str(last_id)] = todo
    return jsonify(todo), {"Location": f"/todos/{todo['id']}"}


@app.route("/todos/<todo_id>", methods=["GET", "PATCH", "DELETE"])
def todo_item(todo_id):
    todo = todos.get(todo_id)
    if todo is None:
        return jsonify(error=f"no todo with id {todo_id}"), 404
    if request.method == "GET":
        return jsonify(todo)
    if request.method == "DELETE":
        del todos[todo_id]
        return "", 204
    body = read_body(creating=False)
    for field in ("title", "completed"):
        if field in body:
            todo[field] = body[field]
    return jsonify(todo)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
