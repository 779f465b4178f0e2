# Todo API in Flask that reads bodies with request.get_json(). On malformed JSON, Flask
# answers 400 itself, with its HTML "Bad Request" page, before the view can send a JSON error.
import os

from flask import Flask, jsonify, request

app = Flask(__name__)

todos = {}
next_id = 1


def error(status, message):
    return jsonify(error=message), status


def problem_with(body, creating):
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
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


@app.get("/todos")
def list_todos():
    return jsonify(list(todos.values()))


@app.post("/todos")
def create_todo():
    global next_id
    body = request.get_json()
    problem = problem_with(body, creating=True)
    if problem:
        return error(400, problem)
    todo = {"id": next_id, "title": body["title"], "completed": body.get("completed", False)}
    next_id += 1
    todos[str(todo["id"])] = todo
    return jsonify(todo), 201, {"Location": f"/todos/{todo['id']}"}


@app.get("/todos/<todo_id>")
def get_todo(todo_id):
    if todo_id not in todos:
        return error(404, f"no todo with id {todo_id}")
    return jsonify(todos[todo_id])


@app.patch("/todos/<todo_id>")
def update_todo(todo_id):
    if todo_id not in todos:
        return error(404, f"no todo with id {todo_id}")
    body = request.get_json()
    problem = problem_with(body, creating=False)
    if problem:
        return error(400, problem)
    for field in ("title", "completed"):
        if field in body:
            todos[todo_id][field] = body[field]
    return jsonify(todos[todo_id])


@app.delete("/todos/<todo_id>")
def delete_todo(todo_id):
    if todos.pop(todo_id, None) is None:
        return error(404, f"no todo with id {todo_id}")
    return "", 204


@app.errorhandler(404)
def not_found(e):
    return error(404, f"no route for {request.method} {request.path}")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
