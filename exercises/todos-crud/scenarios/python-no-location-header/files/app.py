# Scenario: Flask: POST /todos answers 201 with the todo but no Location header.
import os
import secrets

from flask import Flask, jsonify, request

app = Flask(__name__)
todo_list = []
used_ids = set()


def error(status, text):
    return jsonify({"error": text}), status


def new_id():
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in used_ids:
            used_ids.add(candidate)
            return candidate


def find(todo_id):
    return next((t for t in todo_list if t["id"] == todo_id), None)


def invalid(data, partial):
    if not isinstance(data, dict):
        return "send a JSON object"
    if not partial and "title" not in data:
        return "title is required"
    if "title" in data:
        title = data["title"]
        if not isinstance(title, str) or title.isspace() or title == "":
            return "title must be a non-blank string"
        if len(title) > 200:
            return "title must be at most 200 characters"
    if "completed" in data and not isinstance(data["completed"], bool):
        return "completed must be a boolean"
    return None


@app.errorhandler(404)
def no_route(e):
    return error(404, "not found")


@app.errorhandler(405)
def no_method(e):
    return error(405, "method not allowed")


@app.route("/todos", methods=["GET", "POST"])
def collection():
    if request.method == "GET":
        return jsonify(todo_list)
    data = request.get_json(silent=True)
    problem = invalid(data, partial=False)
    if problem:
        return error(400, problem)
    todo = {"id": new_id(), "title": data["title"], "completed": data.get("completed", False)}
    todo_list.append(todo)
    return jsonify(todo), 201


@app.route("/todos/<todo_id>", methods=["GET", "PATCH", "DELETE"])
def item(todo_id):
    todo = find(todo_id)
    if todo is None:
        return error(404, f"no todo {todo_id}")
    if request.method == "GET":
        return jsonify(todo)
    if request.method == "DELETE":
        todo_list.remove(todo)
        return "", 204
    data = request.get_json(silent=True)
    problem = invalid(data, partial=True)
    if problem:
        return error(400, problem)
    for key in ("title", "completed"):
        if key in data:
            todo[key] = data[key]
    return jsonify(todo)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]))
