"""The server of examples/watch-loop.yaml: edit GREETING and save, and muster rebuilds and restarts it."""
import http.server
import os

GREETING = b"hello from the watch loop\n"


class Greeter(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(GREETING)


http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Greeter).serve_forever()
