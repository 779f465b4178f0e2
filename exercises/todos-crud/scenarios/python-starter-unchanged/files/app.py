"""Your todo API. Run it with: PORT=3000 python3 app.py

Read instructions.md for what each route must do; the grader checks them one by one.
"""
import os

from flask import Flask, jsonify, request

app = Flask(__name__)

# Keep your todos in memory, e.g. in a dict.


def not_implemented():
    return jsonify(error=f"{request.method} {request.path} is not implemented yet"), 501


@app.post("/todos")
def create_todo():
    # Task 1: read the JSON body, create the todo, answer 201 with a Location header.
    return not_implemented()


@app.get("/todos")
def list_todos():
    # Task 2: answer 200 with every todo, in creation order.
    return not_implemented()


@app.get("/todos/<todo_id>")
def get_todo(todo_id):
    # Task 2: answer 200 with the todo, or 404 if there is none with this id.
    return not_implemented()


@app.patch("/todos/<todo_id>")
def update_todo(todo_id):
    # Task 3: change only the fields in the body, answer 200 with the whole todo.
    return not_implemented()


@app.delete("/todos/<todo_id>")
def delete_todo(todo_id):
    # Task 4: remove the todo, answer 204 with no body.
    return not_implemented()


# Task 6: every other route answers 404 with a JSON body (Flask's own 404 page is HTML).
@app.errorhandler(404)
def not_found(error):
    return jsonify(error=f"no route for {request.method} {request.path}"), 404


@app.errorhandler(405)
def method_not_allowed(error):
    return jsonify(error=f"{request.method} is not supported on {request.path}"), 405


if __name__ == "__main__":
    # host="0.0.0.0": listen on every interface, not only on 127.0.0.1.
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
