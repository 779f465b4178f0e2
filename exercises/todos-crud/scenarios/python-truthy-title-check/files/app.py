# Todo API in Flask. PATCH checks the title with `if body.get("title"):`, and "" is falsy in
# Python: an empty title skips the check and is silently ignored, so PATCH answers 200 instead
# of 400. (POST is fine: there `not body.get("title")` rejects it.)
import json
import os

from flask import Flask, jsonify, request

app = Flask(__name__)

todos = []
counter = 0


def json_error(status, message):
    return jsonify({"error": message}), status


def load_json():
    try:
        data = json.loads(request.get_data())
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def find(todo_id):
    for todo in todos:
        if str(todo["id"]) == todo_id:
            return todo
    return None


@app.get("/todos")
def list_todos():
    return jsonify(todos)


@app.post("/todos")
def create_todo():
    global counter
    body = load_json()
    if body is None:
        return json_error(400, "send a JSON object")
    title = body.get("title")
    if not title or not isinstance(title, str) or not title.strip():
        return json_error(400, "title is required and must be a non-empty string")
    if len(title) > 200:
        return json_error(400, "title must be at most 200 characters")
    completed = body.get("completed", False)
    if not isinstance(completed, bool):
        return json_error(400, "completed must be a boolean")
    counter += 1
    todo = {"id": counter, "title": title, "completed": completed}
    todos.append(todo)
    response = jsonify(todo)
    response.status_code = 201
    response.headers["Location"] = f"/todos/{counter}"
    return response


@app.get("/todos/<todo_id>")
def get_todo(todo_id):
    todo = find(todo_id)
    if todo is None:
        return json_error(404, "todo not found")
    return jsonify(todo)


@app.patch("/todos/<todo_id>")
def update_todo(todo_id):
    todo = find(todo_id)
    if todo is None:
        return json_error(404, "todo not found")
    body = load_json()
    if body is None:
        return json_error(400, "send a JSON object")
    if body.get("title"):
        title = body["title"]
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            return json_error(400, "title must be a non-empty string of at most 200 characters")
    if "completed" in body and not isinstance(body["completed"], bool):
        return json_error(400, "completed must be a boolean")
    if body.get("title"):
        todo["title"] = body["title"]
    if "completed" in body:
        todo["completed"] = body["completed"]
    return jsonify(todo)


@app.delete("/todos/<todo_id>")
def delete_todo(todo_id):
    todo = find(todo_id)
    if todo is None:
        return json_error(404, "todo not found")
    todos.remove(todo)
    return "", 204


@app.errorhandler(404)
def unknown_route(e):
    return json_error(404, f"no route for {request.method} {request.path}")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
