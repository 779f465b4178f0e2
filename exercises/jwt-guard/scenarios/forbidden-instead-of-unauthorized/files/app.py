import os

import jwt
from flask import Flask, jsonify, request

SECRET = os.environ.get("JWT_SECRET")

app = Flask(__name__)


def forbidden(message):
    # The bug: 403 for a missing or bad token, 401 for a valid token without the admin role.
    # It is the other way round: 401 = "who are you?", 403 = "I know you, and no".
    response = jsonify(error=message)
    response.status_code = 403
    return response


def read_claims():
    """(claims, None) or (None, error response)."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None, forbidden("missing Bearer token")
    try:
        claims = jwt.decode(parts[1], SECRET, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.InvalidTokenError as error:
        return None, forbidden(f"invalid token: {error}")
    return claims, None


@app.get("/public")
def public():
    return jsonify(message="hello")


@app.get("/me")
def me():
    claims, error = read_claims()
    if error:
        return error
    return jsonify(sub=claims.get("sub"), name=claims.get("name"))


@app.get("/admin")
def admin():
    claims, error = read_claims()
    if error:
        return error
    if claims.get("role") != "admin":
        return jsonify(error="admins only"), 401
    return jsonify(message="welcome")


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
