#!/usr/bin/env python3
"""Alert latency benchmark: how long after the daemon fetches a post that alerts does its alert file appear in
the spool, and its webhook digest reach a receiver?

A loopback server serves one RSS feed and records when each fetch that carried a new post was answered; a
loopback receiver records when each webhook arrived. One rumor post is published at a time; the daemon
(`parolewatch run`, poll interval 1 s, one `immediate` subscriber) picks it up at its next poll. Latencies are
measured from the answered fetch, so the poll interval's wait is not counted.

    Benchmarks/delivery_latency.py BINARY [POSTS=20]
"""
import base64, http.server, json, os, statistics, subprocess, sys, tempfile, threading, time

binary = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
posts, fetched_at, hooks = [], {}, {}
lock = threading.Lock()
# Filler words make each post distinct, so none is folded into an earlier alert as a repost.
words = ("casa perro calle mercado escuela iglesia parque barrio tienda playa carro lluvia verano invierno "
         "cocina mesa silla ventana puerta jardín río montaña ciudad pueblo camino puente torre plaza museo "
         "libro cuaderno lápiz pizarra maestro alumno médico enfermera hospital farmacia panadería carnicería "
         "abuela abuelo prima primo tía tío vecino amigo compadre comadre").split()


def filler(i):
    import random
    rng = random.Random(i)
    return " ".join(rng.sample(words, 16))


def feed_xml():
    items = "".join(
        f"<item><guid isPermaLink='false'>bench-{i}</guid><title>Reabren el parole humanitario, aviso {i}</title>"
        f"<description>Nos confirman que el programa de parole para cubanos y venezolanos vuelve a abrir, lista {i * 7919}. "
        f"Pago de {100 + i} dólares por Zelle para el patrocinador. {filler(i)}</description></item>"
        for i in posts)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>bench</title>{items}</channel></rss>".encode()


class Feed(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with lock:
            body = feed_xml()
            for i in posts:
                fetched_at.setdefault(i, time.monotonic())
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.monotonic()
        for alert in json.loads(body)["data"]["alerts"]:
            with lock:
                hooks.setdefault(alert["title"], now)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


feed, hook = serve(Feed), serve(Hook)
work = tempfile.mkdtemp(prefix="parolewatch-latency.")
secret = "whsec_" + base64.b64encode(b"latency-benchmark-secret-0123456").decode()
with open(f"{work}/parolewatch.yaml", "w") as f:
    f.write(f"""state_dir: var
model: {root}/config/model.yaml
poll: {{interval: 1s, jitter: 0}}
feeds:
  - {{id: bench, url: "http://127.0.0.1:{feed.server_port}/feed.xml", lang: es}}
subscribers:
  - {{id: bench, url: "http://127.0.0.1:{hook.server_port}/hook", secret: "{secret}", schedule: immediate}}
""")
daemon = subprocess.Popen([binary, "run", "--config", f"{work}/parolewatch.yaml", "--log-level", "warning"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
new = f"{work}/var/alerts/new"
to_file, to_hook = [], []
try:
    time.sleep(1.5)
    for i in range(count):
        before = set(os.listdir(new)) if os.path.isdir(new) else set()
        with lock:
            posts.append(i)
        title = f"Reabren el parole humanitario, aviso {i}"
        deadline = time.monotonic() + 10
        file_at = None
        while time.monotonic() < deadline and (file_at is None or title not in hooks):
            if file_at is None and os.path.isdir(new) and set(os.listdir(new)) - before:
                file_at = time.monotonic()
            time.sleep(0.0005)
        if file_at is None or title not in hooks:
            sys.exit(f"post {i}: no alert within 10 s")
        to_file.append((file_at - fetched_at[i]) * 1000)
        to_hook.append((hooks[title] - fetched_at[i]) * 1000)
finally:
    daemon.terminate()
    daemon.wait()


def summary(name, values):
    values = sorted(values)
    print(f"{name}: median {statistics.median(values):.1f} ms, p90 {values[int(len(values) * 0.9) - 1]:.1f} ms, "
          f"max {values[-1]:.1f} ms over {len(values)} alerts")


summary("fetch answered -> alert file in new/", to_file)
summary("fetch answered -> webhook received ", to_hook)
