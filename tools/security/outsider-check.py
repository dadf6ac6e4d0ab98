#!/usr/bin/python3
"""Black-box security checks of a telerounds jar, the way a hospital's security reviewer tries it.

Starts the jar (production mode unless a check needs --dev) in a private working directory on
loopback, attacks it only through what an outsider has (HTTP, WebSocket, the media UDP port, the
embedded store's S3 port, and files on disk as a local user or someone restoring a backup would),
and prints one line per check:

  DEFENDED    the attack failed
  VULNERABLE  the attack worked (the detail says what it got)
  ERROR       the check could not run (the detail says why)

Exit status: 0 when every check is DEFENDED, 1 otherwise. Run it against an old jar to see each
fault of issue 16 reproduced, and against the current one to see it refused:

  mvn -q -B -o -DskipTests -Dfuzz.skip=true package
  /usr/bin/python3 tools/security/outsider-check.py --jar signaling/target/telerounds.jar

Needs: java 17, curl (for S3 SigV4), python3-websockets. Uses ports picked at random on 127.0.0.1
and a temporary directory (kept with --keep). Takes about three minutes (the WebSocket expiry and
idle-timeout checks wait for the server's timers).
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import websockets

RESULTS = []


def report(check, why, ok, detail):
    state = "DEFENDED" if ok is True else ("VULNERABLE" if ok is False else "ERROR")
    RESULTS.append((check, why, state, detail))
    print(f"{state:<10} {check:<28} ({why}) {detail}", flush=True)


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(secret, sub, role, exp_in=600, nbf_in=None, rooms=("*",)):
    now = int(time.time())
    claims = {"sub": sub, "role": role, "rooms": list(rooms), "iat": now, "exp": now + exp_in}
    if nbf_in is not None:
        claims["nbf"] = now + nbf_in
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


class Server:
    """One telerounds process in its own working directory."""

    def __init__(self, jar, workdir, secret, dev=False, env_secret=True):
        self.jar, self.dir, self.secret, self.dev, self.env_secret = jar, workdir, secret, dev, env_secret
        os.makedirs(workdir, exist_ok=True)
        self.http_port, self.udp_port, self.s3_port = free_port(), free_port(socket.SOCK_DGRAM), free_port()
        self.proc = None

    def start(self, wait=True):
        conf = os.path.join(self.dir, "server.conf")
        with open(conf, "w") as f:
            f.write(f"telerounds.signaling.port = {self.http_port}\n"
                    f"telerounds.media.udp-port = {self.udp_port}\n"
                    f"telerounds.recorder.storage.embedded-port = {self.s3_port}\n")
            if self.env_secret == "conf":  # as a site keeps it in its config file
                f.write(f'telerounds.signaling.auth.hs256-secret = "{self.secret}"\n')
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEROUNDS_")}
        if self.env_secret is True:
            env["TELEROUNDS_JWT_SECRET"] = self.secret
        args = ["java", "-jar", self.jar] + (["--dev"] if self.dev else []) + ["--config", conf]
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen(args, cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        return self.wait_healthy() if wait else None

    def wait_healthy(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, _, _ = self.request("GET", "/health")
                if status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()

    def request(self, method, path, body=None, token=None, headers=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=timeout)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, data, hdrs

    def token(self, sub, role, **kw):
        return jwt(self.secret, sub, role, **kw)

    def ws_url(self, room, token):
        return f"ws://127.0.0.1:{self.http_port}/ws?room={room}&token={token}"


def s3(server, creds, method, key="", query="", data=None, bucket="telerounds-recordings"):
    """One S3 call to the embedded store with SigV4 through curl: (status, body bytes)."""
    url = f"http://127.0.0.1:{server.s3_port}/{bucket}/{urllib.parse.quote(key)}" + (f"?{query}" if query else "")
    # curl signs the query as given: parameters in alphabetical order, values fully percent-encoded
    payload_hash = hashlib.sha256(data or b"").hexdigest()
    args = ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--aws-sigv4", "aws:amz:us-east-1:s3",
            "--user", f"{creds[0]}:{creds[1]}", "-H", f"x-amz-content-sha256: {payload_hash}", url]
    if data is not None:
        args += ["--data-binary", "@-", "-H", "Content-Type: application/json"]
    out = subprocess.run(args, input=data, capture_output=True, timeout=60).stdout
    body, _, code = out.rpartition(b"\n")
    return int(code or 0), body


def s3_keys(server, creds, prefix):
    keys, token = [], None
    while True:
        q = "list-type=2&prefix=" + urllib.parse.quote(prefix, safe="")
        if token:
            q = "continuation-token=" + urllib.parse.quote(token, safe="") + "&" + q
        status, body = s3(server, creds, "GET", query=q)
        if status != 200:
            raise RuntimeError(f"list {prefix}: HTTP {status}")
        text = body.decode()
        keys += [part.split("</Key>")[0] for part in text.split("<Key>")[1:]]
        if "<IsTruncated>true</IsTruncated>" not in text:
            return keys
        token = text.split("<NextContinuationToken>")[1].split("</NextContinuationToken>")[0]


def store_credentials(server):
    """What someone with a leaked store key holds: the generated keys, or the old built-in pair."""
    path = os.path.join(server.dir, "secrets", "s3-credentials")
    if os.path.exists(path):
        props = dict(line.split("=", 1) for line in open(path).read().splitlines() if "=" in line)
        return props["access-key"].strip(), props["secret-key"].strip()
    return "telerounds", "telerounds-dev-secret"


# ---------------------------------------------------------------------------------------------
# Checks against one running production server


def check_default_store_keys(server):
    status, body = s3(server, ("telerounds", "telerounds-dev-secret"), "GET", query="list-type=2")
    report("store-default-keys", "why 1", status != 200,
           f"the built-in key pair lists the bucket: HTTP {status}" if status == 200
           else f"the built-in key pair is refused: HTTP {status}")


def check_file_modes(server):
    leaks, keys_in_data = [], []
    data = os.path.join(server.dir, "data")
    for root, dirs, files in os.walk(server.dir):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, server.dir)
            if name.endswith((".log", ".conf")):
                continue
            if "key" in name and os.path.commonpath([path, data]) == data:
                keys_in_data.append(rel)
            # readable by others, through directories all traversable by others
            if os.stat(path).st_mode & 0o044:
                chain, d = True, os.path.dirname(path)
                while os.path.commonpath([d, server.dir]) == server.dir:
                    if not os.stat(d).st_mode & 0o001:
                        chain = False
                        break
                    d = os.path.dirname(d)
                if chain:
                    leaks.append(rel)
    report("key-beside-data", "why 7", not keys_in_data,
           f"key files inside the data directory: {keys_in_data}" if keys_in_data else "no key file inside data/")
    report("files-readable-by-others", "why 7", not leaks,
           f"{len(leaks)} files other users can read, e.g. {leaks[:3]}" if leaks else "none")


def check_csp(server):
    status, _, headers = server.request("GET", "/cart?room=r1")
    csp = headers.get("content-security-policy", "")
    ok = "frame-ancestors 'none'" in csp
    report("page-csp", "why 7", ok, f"GET /cart {status}, CSP: {csp or '(none)'}")


async def ws_open(url, origin=None, timeout=10):
    headers = {"Origin": origin} if origin else None
    return await asyncio.wait_for(websockets.connect(url, extra_headers=headers, open_timeout=timeout), timeout)


async def ws_expect(ws, wanted, timeout=10):
    deadline = time.time() + timeout
    while True:
        msg = json.loads(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.time())))
        if msg.get("type") in wanted:
            return msg


def refused(coro):
    """Runs a WebSocket open: (True, why) when the server refused it, (False, ws) when it opened."""
    async def go():
        try:
            ws = await coro
            await ws.close()
            return False, "opened"
        except websockets.exceptions.InvalidStatusCode as e:
            return True, f"HTTP {e.status_code}"
        except Exception as e:  # noqa: BLE001 - any refusal counts
            return True, type(e).__name__
    return asyncio.run(go())


def check_ws_origin(server):
    token = server.token("expert-origin", "expert")
    ok, how = refused(ws_open(server.ws_url("r1", token), origin="https://attacker.example"))
    report("ws-foreign-origin", "why 7", ok, f"/ws from Origin https://attacker.example: {how}")


def check_nbf(server):
    token = server.token("expert-nbf", "expert", nbf_in=3600)
    ok, how = refused(ws_open(server.ws_url("r1", token)))
    report("token-nbf", "why 7", ok, f"a token valid only in an hour: {how}")


def check_display_name(server):
    async def go():
        ws = await ws_open(server.ws_url("r-names", server.token("expert-names", "expert")))
        try:
            await ws.send(json.dumps({"type": "join", "name": "Bedside", "id": "1"}))
            msg = await ws_expect(ws, {"joined", "error"})
            return msg
        finally:
            await ws.close()
    msg = asyncio.run(go())
    ok = msg.get("type") == "error"
    report("display-name-imitation", "why 7", ok,
           f"join as \"Bedside\": {msg.get('type')} {msg.get('code', '')}".strip())


def check_stun_reflection(server):
    txid = secrets.token_bytes(12)
    user = b"nobody:attacker"
    attr = (0x0006).to_bytes(2, "big") + len(user).to_bytes(2, "big") + user + b"\0" * (-len(user) % 4)
    msg = (0x0001).to_bytes(2, "big") + len(attr).to_bytes(2, "big") + (0x2112A442).to_bytes(4, "big") + txid + attr
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(msg, ("127.0.0.1", server.udp_port))
        try:
            reply, _ = s.recvfrom(2048)
            report("stun-reflection", "why 7", False, f"{len(msg)} B in, {len(reply)} B back")
        except socket.timeout:
            report("stun-reflection", "why 7", True, f"{len(msg)} B in, no reply in 2 s")


class Catcher(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        Catcher.hits.append(self.path)
        body = b"fetched = true\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def check_profile_includes(server, repo):
    admin = server.token("admin-profiles", "admin")
    model = open(os.path.join(repo, "cart-firmware-config/examples/models/rc200.conf")).read()
    server.request("PUT", "/api/cart-models/rc200", model, admin)
    catcher = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Catcher)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{catcher.server_address[1]}/profile.conf"
    tail = ', model = "rc200", hospital = "h", ward = "w" }\n'
    uploads = {
        "env substitution": 'extends = "rc200"\nidentity { cart-id = ${TELEROUNDS_JWT_SECRET}' + tail,
        "env substitution, number": 'extends = "rc200"\nidentity { cart-id = "cart-0042"' + tail
                                    + 'cameras.room.fps = ${TELEROUNDS_JWT_SECRET}\n',
        "config-key substitution": 'extends = "rc200"\nidentity { cart-id = ${telerounds.signaling.auth.hs256-secret}' + tail,
        "include file": f'include file("{server.dir}/server.conf")\nextends = "rc200"\n'
                        'identity { cart-id = ${telerounds.signaling.auth.hs256-secret}' + tail,
        "include file, relative": 'include "server.conf"\nextends = "rc200"\n'
                                  'identity { cart-id = ${telerounds.signaling.auth.hs256-secret}' + tail,
        "include url": f'include url("{url}")\nextends = "rc200"\nidentity {{ cart-id = "cart-0042"' + tail,
    }
    leaked = []
    for what, body in uploads.items():
        status, text, _ = server.request("PUT", "/api/carts/cart-0042/profile", body, admin)
        if server.secret in text:
            leaked.append(f"{what}: HTTP {status} with the JWT secret in the body")
    if Catcher.hits:
        leaked.append(f"include url: the server fetched {url}")
    catcher.shutdown()
    report("profile-includes", "why 5", not leaked, "; ".join(leaked) or "every upload refused without the secret")


def audit_entries(server):
    admin = server.token("admin-audit", "admin")
    count, start = 0, 1
    while True:
        status, body, _ = server.request("GET", f"/api/audit?from={start}&limit=1000", token=admin)
        if status != 200:
            raise RuntimeError(f"GET /api/audit: HTTP {status}")
        entries = json.loads(body).get("entries", [])
        count += len(entries)
        if len(entries) < 1000:
            return count
        start += 1000


def check_audit_flood(server, burst=500):
    before = audit_entries(server)

    async def go():
        ws = await ws_open(server.ws_url("r-flood", server.token("expert-flood", "expert")))
        try:
            await ws.send(json.dumps({"type": "join", "name": "Dr Flood", "id": "j"}))
            await ws_expect(ws, {"joined"})
            for i in range(burst):
                await ws.send(json.dumps({"type": "camera.control", "target": "cart-x", "camera": "camera:room",
                                          "action": "relative", "pan": 1, "tilt": 0, "zoom": 100, "id": str(i)}))
            await ws.send(json.dumps({"type": "ping", "id": "end"}))
            await ws_expect(ws, {"pong"}, timeout=60)
        finally:
            await ws.close()
    asyncio.run(go())
    time.sleep(3)  # the writer stores in the background
    written = audit_entries(server) - before
    report("audit-flood", "why 3", written < burst // 10,
           f"{burst} camera commands in a burst wrote {written} audit entries")


def check_connection_caps(server, count=300):
    socks = []
    try:
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", server.http_port), timeout=5)
            socks.append(s)
        time.sleep(1)
        try:
            status, _, _ = server.request("GET", "/health", timeout=5)
            answered = f"HTTP {status}"
            ok = False
        except (OSError, http.client.HTTPException) as e:
            answered, ok = type(e).__name__, True
        report("connection-cap", "why 4", ok, f"after {count} idle connections from one address, "
               f"one more request: {answered}")
    finally:
        for s in socks:
            s.close()


def idle_socket_open(server):
    return socket.create_connection(("127.0.0.1", server.http_port), timeout=5)


def check_idle_closed(sock, since, wait=75):
    time.sleep(max(0, since + wait - time.time()))
    sock.settimeout(1)
    try:
        closed = sock.recv(1) == b""
    except socket.timeout:
        closed = False
    except OSError:
        closed = True
    sock.close()
    report("idle-connection", "why 4", closed, f"a connection that sent nothing for {wait} s: "
           + ("closed by the server" if closed else "still open"))


def check_ws_outlives_token(server):
    # already 20 s past exp: inside the 30 s clock-skew leeway, so the upgrade is accepted
    token = server.token("expert-exp", "expert", exp_in=-20)

    async def go():
        ws = await ws_open(server.ws_url("r-exp", token))
        try:
            await ws.send(json.dumps({"type": "join", "name": "Dr Late", "id": "1"}))
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    await asyncio.wait_for(ws.recv(), 1)
                except asyncio.TimeoutError:
                    await ws.send(json.dumps({"type": "ping", "id": "p"}))
            return f"still open 30 s later (token expired {50} s ago)"
        except websockets.exceptions.ConnectionClosed as e:
            return f"closed {e.code} {e.reason}"
        finally:
            await ws.close()
    how = asyncio.run(go())
    report("ws-outlives-token", "why 7", how.startswith("closed"), how)


# ---------------------------------------------------------------------------------------------
# Checks across restarts and with the store's files


def audit_verify(server):
    admin = server.token("admin-verify", "admin")
    status, body, _ = server.request("POST", "/api/audit/verify/full", token=admin)
    if status == 202:
        job = json.loads(body)
        for _ in range(240):
            s, b, _ = server.request("GET", f"/api/audit/verify/full/{job['jobId']}", token=admin)
            result = json.loads(b)
            if result.get("state") in ("done", "failed"):
                return result.get("result", result)
            time.sleep(0.5)
        raise RuntimeError("full verify did not finish in 120 s")
    status, body, _ = server.request("GET", "/api/audit/verify", token=admin, timeout=300)
    if status != 200:
        raise RuntimeError(f"GET /api/audit/verify: HTTP {status}")
    return json.loads(body)


def make_entries(server, n=6):
    async def go():
        for i in range(n):
            ws = await ws_open(server.ws_url(f"r-entries-{i}", server.token(f"expert-{i}", "expert")))
            await ws.send(json.dumps({"type": "join", "name": f"Dr {i}", "id": "1"}))
            await ws_expect(ws, {"joined"})
            await ws.send(json.dumps({"type": "camera.control", "target": "cart-x", "camera": "camera:room",
                                      "action": "preset", "preset": "bed", "id": "2"}))
            await ws.send(json.dumps({"type": "ping", "id": "p"}))
            await ws_expect(ws, {"pong"})
            await ws.close()
    asyncio.run(go())
    admin = server.token("admin-read", "admin")
    server.request("GET", "/api/audit?from=1&limit=10", token=admin)
    time.sleep(3)


def audit_files(server):
    root = os.path.join(server.dir, "data", "s3", "telerounds-recordings", "audit")
    if not os.path.isdir(root):
        return []
    return sorted((os.path.join(root, f) for f in os.listdir(root)), key=lambda p: os.path.basename(p))


def canonical(entry):
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False)


def check_forged_chain(server):
    """Someone holding a store key edits one entry and re-hashes the rest with the chain's SHA-256."""
    creds = store_credentials(server)
    keys = sorted(k for k in s3_keys(server, creds, "audit/") if k.endswith(".json") or "/" in k)
    keys = [k for k in keys if k.count("/") == 1]
    entries = []
    for k in keys:
        status, body = s3(server, creds, "GET", k)
        if status != 200:
            raise RuntimeError(f"GET {k}: HTTP {status}")
        entries.append((k, json.loads(body)))
    entries.sort(key=lambda e: e[1].get("seq", 0))
    if len(entries) < 3:
        raise RuntimeError(f"only {len(entries)} audit entries to forge")
    target = len(entries) // 2
    prev = entries[target - 1][1].get("hash")
    for k, e in entries[target:]:
        if k == entries[target][0]:
            e["detail"] = "forged by outsider-check"
        e["prev"] = prev
        e.pop("hash", None)
        e["hash"] = hashlib.sha256(canonical(e).encode()).hexdigest()
        prev = e["hash"]
        status, _ = s3(server, creds, "PUT", k, data=canonical(e).encode())
        if status != 200:
            raise RuntimeError(f"PUT {k}: HTTP {status}")
    result = audit_verify(server)
    report("audit-forged-chain", "why 2", result.get("valid") is False,
           f"entry {entries[target][1].get('seq')} edited and the rest re-hashed with a store key: "
           f"verify says valid={result.get('valid')} {result.get('reason', '')}".strip())


def check_truncated_while_stopped(jar, workdir, secret):
    server = Server(jar, workdir, secret)
    if not server.start():
        return report("audit-deleted-while-stopped", "why 2", None, "server did not start")
    try:
        make_entries(server)
    finally:
        server.stop()
    files = audit_files(server)
    if len(files) < 3:
        return report("audit-deleted-while-stopped", "why 2", None, f"only {len(files)} audit objects on disk")
    for path in files[-2:]:
        os.remove(path)
    server = Server(jar, workdir, secret)
    if not server.start():
        return report("audit-deleted-while-stopped", "why 2", True, "server refused to start on a truncated log")
    try:
        result = audit_verify(server)
        report("audit-deleted-while-stopped", "why 2", result.get("valid") is False,
               f"last 2 entries deleted while stopped: verify says valid={result.get('valid')} "
               f"{result.get('reason', '')}".strip())
    finally:
        server.stop()


def check_restored_without_xattrs(jar, workdir, secret):
    server = Server(jar, workdir, secret)
    if not server.start():
        return report("audit-restored-without-xattrs", "why 7", None, "server did not start")
    try:
        make_entries(server, 3)
    finally:
        server.stop()
    stripped = 0
    for path in audit_files(server):
        for name in os.listxattr(path):
            os.removexattr(path, name)
            stripped += 1
    server = Server(jar, workdir, secret)
    if not server.start():
        return report("audit-restored-without-xattrs", "why 7", None, "server did not start after the restore")
    try:
        status, _, _ = server.request("GET", "/api/audit?from=1&limit=100", token=server.token("admin-x", "admin"))
        report("audit-restored-without-xattrs", "why 7", status == 200,
               f"{stripped} extended attributes removed from the audit objects: GET /api/audit HTTP {status}")
    finally:
        server.stop()


def check_dev_mode(jar, workdir, secret):
    server = Server(jar, os.path.join(workdir, "dev-secret"), secret, dev=True)
    started = server.start()
    server.stop()
    report("dev-mode-with-prod-secret", "why 7", not started,
           "--dev with TELEROUNDS_JWT_SECRET set: " + ("started and served /health" if started else "refused to start"))
    server = Server(jar, os.path.join(workdir, "dev-host"), secret, dev=True, env_secret=False)
    if not server.start():
        return report("dev-mode-host-header", "why 7", None, "--dev did not start")
    try:
        status, _, _ = server.request("GET", "/api/dev/token?role=admin&room=r1",
                                      headers={"Host": "attacker.example"})
        report("dev-mode-host-header", "why 7", status != 200,
               f"GET /api/dev/token with Host: attacker.example: HTTP {status}")
    finally:
        server.stop()


def guarded(name, why, fn, *args):
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - one check's failure must not stop the others
        report(name, why, None, f"{type(e).__name__}: {e}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--jar", required=True, help="the telerounds jar (signaling/target/telerounds.jar)")
    p.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   help="the repository (for an example cart model); default: this script's")
    p.add_argument("--keep", action="store_true", help="keep the working directories (logs, data)")
    args = p.parse_args()
    jar = os.path.abspath(args.jar)
    work = tempfile.mkdtemp(prefix="telerounds-outsider-")
    secret = secrets.token_urlsafe(48)  # upper case and "_": matches no id pattern, so errors quote it
    print(f"jar {jar}\nwork {work}", flush=True)
    try:
        server = Server(jar, os.path.join(work, "prod"), secret, env_secret="conf")
        if not server.start():
            print(f"the server did not start; see {server.dir}/server.log")
            return 2
        try:
            idle, idle_since = idle_socket_open(server), time.time()
            guarded("store-default-keys", "why 1", check_default_store_keys, server)
            guarded("page-csp", "why 7", check_csp, server)
            guarded("ws-foreign-origin", "why 7", check_ws_origin, server)
            guarded("token-nbf", "why 7", check_nbf, server)
            guarded("display-name-imitation", "why 7", check_display_name, server)
            guarded("stun-reflection", "why 7", check_stun_reflection, server)
            guarded("profile-includes", "why 5", check_profile_includes, server, args.repo)
            guarded("audit-flood", "why 3", check_audit_flood, server)
            guarded("ws-outlives-token", "why 7", check_ws_outlives_token, server)
            guarded("audit-forged-chain", "why 2", check_forged_chain, server)
            guarded("files-readable-by-others", "why 7", check_file_modes, server)
            guarded("idle-connection", "why 4", check_idle_closed, idle, idle_since)
            guarded("connection-cap", "why 4", check_connection_caps, server)
        finally:
            server.stop()
        guarded("audit-deleted-while-stopped", "why 2", check_truncated_while_stopped, jar,
                os.path.join(work, "truncate"), secret)
        guarded("audit-restored-without-xattrs", "why 7", check_restored_without_xattrs, jar,
                os.path.join(work, "xattrs"), secret)
        guarded("dev-mode", "why 7", check_dev_mode, jar, work, secret)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    bad = [r for r in RESULTS if r[2] != "DEFENDED"]
    print(f"\n{len(RESULTS) - len(bad)} of {len(RESULTS)} checks DEFENDED", flush=True)
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
