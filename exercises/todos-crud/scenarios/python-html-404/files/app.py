# Todo API in Flask. Missing todos use abort(404), and unknown routes are left to Flask:
# both answer Flask's default HTML "Not Found" page instead of a JSON error.
import json
import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)

todos = {}
next_id = 1


def bad_request(message):
    return jsonify(error=message), 400


def parse_body():
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        return None, "the request body is not valid JSON"
    if not isinstance(body, dict):
        return None, "the request body must be a JSON object"
    return body, None


def check(body, creating):
    if creating and "title" not in body:
        return "title is required"
    if "title" in body:
        title = body["title"]
        if not isinstance(title, str):
            return "title must be a string"
        if not title.strip():
            return "title must not be empty"
        if len(title) > 200:
            return "title must be at most 200 characters"
    if "completed" in body and not isinstance(body["completed"], bool):
        return "completed must be true or false"
    return None


@app.route("/todos", methods=["GET"])
def list_todos():
    return jsonify(list(todos.values()))


@app.route("/todos", methods=["POST"])
def create_todo():
    global next_id
    body, error = parse_body()
    error = error or check(body, creating=True)
    if error:
        return bad_request(error)
    todo = {"id": next_id, "title": body["title"], "completed": body.get("completed", False)}
    next_id += 1
    todos[todo["id"]] = todo
    return jsonify(todo), 201, {"Location": f"/todos/{todo['id']}"}


@app.route("/todos/<int:todo_id>", methods=["GET"])
def get_todo(todo_id):
    if todo_id not in todos:
        abort(404)
    return jsonify(todos[todo_id])


@app.route("/todos/<int:todo_id>", methods=["PATCH"])
def update_todo(todo_id):
    if todo_id not in todos:
        abort(404)
    body, error = parse_body()
    error = error or check(body, creating=False)
    if error:
        return bad_request(error)
    todos[todo_id].update({k: v for k, v in body.items() if k in ("title", "completed")})
    return jsonify(todos[todo_id])


@app.route("/todos/<int:todo_id>", methods=["DELETE"])
def delete_todo(todo_id):
    if todo_id not in todos:
        abort(404)
    del todos[todo_id]
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
