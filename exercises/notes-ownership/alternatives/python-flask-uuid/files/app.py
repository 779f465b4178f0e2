import hmac
import json
import os
import uuid

from flask import Flask, g, jsonify, request

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "users.json")) as f:
    USERS = json.load(f)

NOTES = {}

app = Flask(__name__)


def user_for_token(token):
    for user in USERS:
        if hmac.compare_digest(user["token"].encode(), token.encode()):
            return user
    return None


def fail(status, message):
    response = jsonify({"error": message})
    response.status_code = status
    return response


@app.before_request
def who_is_calling():
    header = request.headers.get("Authorization", "")
    user = None
    if header.startswith("Bearer "):
        token = header[len("Bearer "):]
        if token and " " not in token:
            user = user_for_token(token)
    if user is None:
        return fail(401, "a valid bearer token is required")
    g.user = user


def body_object():
    try:
        data = json.loads(request.get_data(as_text=True))
    except ValueError:
        return None, fail(400, "the body is not JSON")
    if not isinstance(data, dict):
        return None, fail(400, "the body must be an object")
    return data, None


def allowed(note):
    return g.user["role"] == "admin" or note["ownerId"] == g.user["id"]


def find(note_id):
    note = NOTES.get(note_id)
    if note is None or not allowed(note):
        return None
    return note


def valid_title(value):
    return isinstance(value, str) and value.strip() != ""


@app.get("/me")
def me():
    u = g.user
    return jsonify(id=u["id"], username=u["username"], role=u["role"])


@app.get("/notes")
def my_notes():
    return jsonify([n for n in NOTES.values() if n["ownerId"] == g.user["id"]])


@app.post("/notes")
def new_note():
    data, error = body_object()
    if error:
        return error
    if not valid_title(data.get("title")):
        return fail(400, "title must be a non-empty string")
    if "body" in data and not isinstance(data["body"], str):
        return fail(400, "body must be a string")
    note = {"id": str(uuid.uuid4()), "title": data["title"], "body": data.get("body", ""), "ownerId": g.user["id"]}
    NOTES[note["id"]] = note
    return jsonify(note), 201


@app.get("/notes/<note_id>")
def one_note(note_id):
    note = find(note_id)
    if note is None:
        return fail(404, f"note {note_id} not found")
    return jsonify(note)


@app.patch("/notes/<note_id>")
def change_note(note_id):
    note = find(note_id)
    if note is None:
        return fail(404, f"note {note_id} not found")
    data, error = body_object()
    if error:
        return error
    if "title" in data and not valid_title(data["title"]):
        return fail(400, "title must be a non-empty string")
    if "body" in data and not isinstance(data["body"], str):
        return fail(400, "body must be a string")
    for key in ("title", "body"):
        if key in data:
            note[key] = data[key]
    return jsonify(note)


@app.delete("/notes/<note_id>")
def remove_note(note_id):
    note = find(note_id)
    if note is None:
        return fail(404, f"note {note_id} not found")
    del NOTES[note_id]
    return "", 204


@app.get("/admin/notes")
def every_note():
    if g.user["role"] != "admin":
        return fail(403, "admin role required")
    return jsonify(list(NOTES.values()))


@app.errorhandler(404)
def no_route(_):
    return fail(404, "no such route")


@app.errorhandler(405)
def bad_method(_):
    return fail(405, "method not allowed")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ["PORT"]), threaded=True)
