import base64
import hashlib
import hmac
import json
import os
import time

from flask import Flask, jsonify, request

app = Flask(__name__)
SECRET = os.environ["JWT_SECRET"].encode()


class Refused(Exception):
    pass


def b64decode(part):
    if not part or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in part):
        raise Refused("not base64url")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def json_object(part):
    try:
        value = json.loads(b64decode(part).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise Refused("not JSON")
    if not isinstance(value, dict):
        raise Refused("not a JSON object")
    return value


def claims_from_request():
    auth = request.headers.get("Authorization")
    if auth is None:
        raise Refused("missing token")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Refused("expected Bearer <token>")
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("malformed token")
    header = json_object(parts[0])
    if header.get("alg") != "HS256":
        raise Refused("algorithm not allowed")
    payload_again = json_object(parts[1])
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()).rstrip(b"=").decode()
    expected = hmac.new(SECRET, f"{enc(header)}.{enc(payload_again)}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, b64decode(parts[2]) if parts[2] else b""):
        raise Refused("signature mismatch")
    payload = json_object(parts[1])
    now = time.time()
    exp = payload.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or exp < now:
        raise Refused("expired or missing exp")
    nbf = payload.get("nbf")
    if nbf is not None and (not isinstance(nbf, (int, float)) or nbf > now):
        raise Refused("not yet valid")
    return payload


@app.errorhandler(Refused)
def refused(err):
    return jsonify(error=str(err)), 401, {"WWW-Authenticate": 'Bearer realm="jwt-guard"'}


@app.errorhandler(404)
def not_found(err):
    return jsonify(error="no such route"), 404


@app.errorhandler(405)
def not_allowed(err):
    return jsonify(error="method not allowed"), 405


@app.get("/public")
def public():
    return jsonify(message="hello")


@app.get("/me")
def me():
    c = claims_from_request()
    return jsonify(sub=c.get("sub"), name=c.get("name"))


@app.get("/admin")
def admin():
    c = claims_from_request()
    if c.get("role") != "admin":
        return jsonify(error="admins only"), 403
    return jsonify(message="welcome, " + str(c.get("name")))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
