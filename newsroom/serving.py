"""How `make serve` runs Django: request bodies arrive on the event loop, views run in a thread.

A reader's browser sends a comment (or an editor's a photo) over however slow a link it has.
Were the body read by the thread that runs the view, a client sending a byte now and then would
hold that thread, and readers of every page the process serves, cached ones too, would wait
behind it. So Granian serves the site through its ASGI interface, and ``BodyFirstApplication``:

- receives the whole body on the event loop, where a waiting client costs a socket and a few
  kilobytes, not a thread; a client that has not sent all of it within its deadline gets
  ``408 Request Timeout`` and the connection is closed (nothing reaches Django, so nothing is
  stored, and no thread was ever taken);
- then runs Django's own WSGI handler, with the body already in memory (or on disk past
  ``FILE_UPLOAD_MAX_MEMORY_SIZE``), in a pool of ``SERVE_THREADS`` threads, one hop per request.
  Django's ``ASGIHandler`` also receives the body first, but adapts every synchronous middleware
  and view through asgiref, which costs several times more per stored page than the page itself.

The deadline is ``REQUEST_BODY_TIMEOUT`` seconds plus one second for each
``REQUEST_BODY_MIN_RATE`` bytes the client announced (``Content-Length``): a comment gets about
ten seconds, a 12 MB photo from an editor on a slow uplink a few minutes.
"""

import asyncio
import io
import logging
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class BodyTimedOut(Exception):
    """The client did not send its whole request body before its deadline."""


class BodyTooLarge(Exception):
    """The request body is larger than ``REQUEST_BODY_MAX_BYTES``."""


class ClientGone(Exception):
    """The client closed the connection before its request body was complete."""


def announced_body(headers):
    """(whether a body follows the headers, its announced length or None when not announced)."""
    length, chunked = None, False
    for name, value in headers:
        name = name.lower()
        if name == b"content-length":
            value = value.strip()
            length = int(value) if value.isdigit() and len(value) < 19 else None
            if length is None:
                return True, None
        elif name == b"transfer-encoding":
            chunked = True
    return chunked or bool(length), length


def body_deadline(length):
    """Seconds a client may take to send a body of ``length`` bytes (None: not announced)."""
    return settings.REQUEST_BODY_TIMEOUT + (length or 0) / settings.REQUEST_BODY_MIN_RATE


async def receive_body(receive, length, body):
    """Write the whole request body into ``body``, received within ``body_deadline(length)``
    and no larger than ``REQUEST_BODY_MAX_BYTES`` (it is kept whole before Django sees it)."""
    limit = settings.REQUEST_BODY_MAX_BYTES
    if length is not None and length > limit:
        raise BodyTooLarge
    try:
        async with asyncio.timeout(body_deadline(length)):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientGone
                body.write(message.get("body", b""))
                if body.tell() > limit:
                    raise BodyTooLarge
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise BodyTimedOut from None
    body.seek(0)


def wsgi_environ(scope, body):
    """The WSGI environ Django's handler expects, built from an ASGI HTTP scope."""
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode().decode("latin-1"),
        "PATH_INFO": scope["path"].encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 80),
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        if key in environ:
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ",") + value
        environ[key] = value
    if "CONTENT_LENGTH" not in environ:
        # A chunked body: Django reads as many bytes as CONTENT_LENGTH says, and it is all here.
        environ["CONTENT_LENGTH"] = str(body.seek(0, io.SEEK_END))
        body.seek(0)
    return environ


def run_wsgi(application, environ):
    """Call the WSGI application and collect its answer: (status code, headers, body)."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split(" ", 1)[0])
        started["headers"] = headers

    result = application(environ, start_response)
    try:
        chunks = io.BytesIO()
        for chunk in result:
            chunks.write(chunk)
    finally:
        if hasattr(result, "close"):
            result.close()
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in started["headers"]
    ]
    return started["status"], headers, chunks.getvalue()


def request_timeout_page():
    return render_to_string("408.html").encode()


class BodyFirstApplication:
    """An ASGI application around Django's WSGI handler (see the module docstring)."""

    def __init__(self, wsgi_application, threads):
        self.wsgi_application = wsgi_application
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="django")
        self.timeout_page = None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        has_body, length = announced_body(scope.get("headers", []))
        max_size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        # Most requests (every page view) carry no body: nothing to wait for.
        with tempfile.SpooledTemporaryFile(max_size=max_size) if has_body else io.BytesIO() as body:
            try:
                if has_body:
                    await receive_body(receive, length, body)
            except ClientGone:
                return
            except BodyTimedOut:
                await self.send_timeout(scope, send)
                return
            except BodyTooLarge:
                await self.send_too_large(send)
                return
            status, headers, content = await asyncio.get_running_loop().run_in_executor(
                self.executor, run_wsgi, self.wsgi_application, wsgi_environ(scope, body)
            )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def send_timeout(self, scope, send):
        logger.warning(
            "Request body for %s %s not complete after its deadline: answered 408.",
            scope["method"],
            scope["path"],
        )
        if self.timeout_page is None:
            self.timeout_page = await asyncio.get_running_loop().run_in_executor(
                self.executor, request_timeout_page
            )
        await self.send_refusal(send, 408, b"text/html; charset=utf-8", self.timeout_page)

    async def send_too_large(self, send):
        megabytes = settings.REQUEST_BODY_MAX_BYTES / (1024 * 1024)
        message = f"That is larger than this site accepts ({megabytes:g} MB). Nothing was saved.\n"
        await self.send_refusal(send, 413, b"text/plain; charset=utf-8", message.encode())

    @staticmethod
    async def send_refusal(send, status, content_type, content):
        """Answer before the body is complete, and close the connection: the rest of the body
        may still be on its way and is not read."""
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(content)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    @staticmethod
    async def lifespan(receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
