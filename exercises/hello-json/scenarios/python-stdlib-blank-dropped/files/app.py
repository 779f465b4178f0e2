# Scenario: http.server: parse_qs without keep_blank_values drops ?name= as if no name was sent, so it greets the world instead of answering 400.
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload, extra=None):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        parts = urlsplit(self.path)
        segments = parts.path.split("/")[1:]
        if parts.path == "/health":
            return "health", None, parts
        if parts.path == "/hello":
            return "hello", None, parts
        if len(segments) == 2 and segments[0] == "hello" and segments[1] != "":
            return "hello-name", unquote(segments[1], errors="strict"), parts
        return None, None, parts

    def greet(self, name):
        if not 1 <= len(name) <= 50:
            return self.send_json(400, {"error": "name needs 1 to 50 characters"})
        self.send_json(200, {"message": f"Hello, {name}!"})

    def do_GET(self):
        kind, name, parts = self.route()
        if kind == "health":
            return self.send_json(200, {"status": "ok"})
        if kind == "hello":
            query = parse_qs(parts.query)
            if "name" not in query:
                return self.send_json(200, {"message": "Hello, world!"})
            return self.greet(query["name"][0])
        if kind == "hello-name":
            return self.greet(name)
        self.send_json(404, {"error": f"nothing at {parts.path}"})

    def other_method(self):
        kind, _, parts = self.route()
        if kind is None:
            return self.send_json(404, {"error": f"nothing at {parts.path}"})
        self.send_json(405, {"error": f"{self.command} is not allowed"}, {"Allow": "GET"})

    do_POST = do_PUT = do_DELETE = do_PATCH = other_method

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
