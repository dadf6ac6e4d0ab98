#!/usr/bin/python3
"""An independent WebRTC peer for telerounds' keyframe IT (KeyframeGatingIT), on Debian's
python3-aiortc and python3-websockets. It speaks the signaling protocol of docs/protocol.md.

  cart    <ws> <room> <token> <fps>
      joins as the cart and publishes camera:room and camera:exam (VP8, 320x240 at <fps>) and
      mic:patient (silence), then stays until stdin closes, and leaves. aiortc's VP8 encoder makes a keyframe
      only every 3000 frames (kf_max_dist) or when asked by a PLI, so an expert that joins later
      sees a picture only if the server starts its legs at a keyframe it asked for.
  expert  <ws> <room> <tokens-file> <timeout-s>
      for each token in the file (one a line): joins, answers the server's subscribe offers,
      decodes every camera track it is given and leaves once both cameras decoded a frame or
      after <timeout-s>. Prints one JSON line per join:
      {"join": i, "ok": true|false, "cameras": {"camera:room": ms|null, ...},
       "widths": {"camera:room": px, ...}, "bothMs": ms|null}
      where ms is the time from sending "join" to the first decoded frame, px its width.

  watch   <ws> <room> <token>
      joins once as an expert and stays until stdin closes, answering every subscribe offer; every
      0.5 s prints {"tracks": {"camera:room": {"trackId": id, "mid": m, "frames": n}, ...}}, for each role
      offered now the frames decoded since its track took its section. A cart that leaves and
      rejoins gets a recycled section for each of its tracks.

The peer offers one host candidate, KEYFRAME_PEER_HOST (default 127.0.0.1, which aioice would
otherwise leave out; the IT passes 10.200.0.2 inside the test network namespace), so media never
leaves the machine.
"""
import asyncio
import fractions
import json
import os
import sys
import time

import aioice.ice
import av
import numpy
import websockets
from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack

HOST = os.environ.get("KEYFRAME_PEER_HOST", "127.0.0.1")
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [HOST]
CAMERAS = ("camera:room", "camera:exam")


class MovingPicture(VideoStreamTrack):
    """A smoothly moving gradient at a fixed rate: real interframes, no scene cuts."""

    def __init__(self, fps, shade):
        super().__init__()
        self.fps = fps
        self.shade = shade
        self.n = 0
        self.start = None
        w, h = 320, 240
        self.base = (numpy.add.outer(numpy.arange(h), numpy.arange(w)) % 256).astype(numpy.uint8)

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        due = self.start + self.n / self.fps
        await asyncio.sleep(max(0, due - time.monotonic()))
        img = numpy.empty((240, 320, 3), dtype=numpy.uint8)
        shifted = numpy.roll(self.base, self.n * 2, axis=1)
        img[:, :, 0] = shifted
        img[:, :, 1] = self.shade
        img[:, :, 2] = 255 - shifted
        frame = av.VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts = int(self.n * 90000 / self.fps)
        frame.time_base = fractions.Fraction(1, 90000)
        self.n += 1
        return frame


def vp8_only(transceiver):
    caps = RTCRtpSender.getCapabilities("video").codecs
    transceiver.setCodecPreferences([c for c in caps if c.mimeType in ("video/VP8", "video/rtx")])


async def next_of(ws, kind):
    while True:
        m = json.loads(await ws.recv())
        if m.get("type") == kind:
            return m
        if m.get("type") == "error":
            raise RuntimeError("server error: %s" % m)


async def cart(url, room, token, fps):
    async with websockets.connect("%s?room=%s&token=%s" % (url, room, token), max_size=None) as ws:
        await ws.send(json.dumps({"type": "join", "name": "aiortc-cart"}))
        await next_of(ws, "joined")
        pc = RTCPeerConnection()
        roles = []
        for i, role in enumerate(CAMERAS):
            t = pc.addTransceiver(MovingPicture(fps, 80 * i), direction="sendonly")
            vp8_only(t)
            roles.append(role)
        pc.addTransceiver(AudioStreamTrack(), direction="sendonly")
        roles.append("mic:patient")
        await pc.setLocalDescription(await pc.createOffer())
        tracks = [{"mid": t.mid, "role": r} for t, r in zip(pc.getTransceivers(), roles)]
        await ws.send(json.dumps({"type": "publish", "sdp": pc.localDescription.sdp, "tracks": tracks}))
        answer = await next_of(ws, "publish.answer")
        await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
        print(json.dumps({"published": [t["role"] for t in tracks]}), flush=True)
        stdin = asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        drain = asyncio.ensure_future(drain_messages(ws))
        await stdin
        drain.cancel()
        await ws.send(json.dumps({"type": "leave"}))  # gone at once, not held for resume
        await pc.close()


async def drain_messages(ws):
    async for _ in ws:
        pass


async def one_join(url, room, token, index, timeout):
    first = {}
    widths = {}
    done = asyncio.Event()
    decoders = []
    pc = RTCPeerConnection()
    roles = {}

    async def consume(track, t0):
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            role = roles.get(track.id)
            if role in CAMERAS and role not in first:
                first[role] = (time.monotonic() - t0) * 1000
                widths[role] = getattr(frame, "width", None)
                if all(c in first for c in CAMERAS):
                    done.set()

    async with websockets.connect("%s?room=%s&token=%s" % (url, room, token), max_size=None) as ws:
        t0 = time.monotonic()

        @pc.on("track")
        def on_track(track):
            for tr in pc.getTransceivers():
                if tr.receiver.track is track:
                    roles[track.id] = mids.get(tr.mid)
            decoders.append(asyncio.ensure_future(consume(track, t0)))

        mids = {}
        await ws.send(json.dumps({"type": "join", "name": "aiortc-expert-%d" % index}))

        async def signaling():
            async for raw in ws:
                m = json.loads(raw)
                if m.get("type") == "subscribe.offer":
                    for t in m["tracks"]:
                        mids[t["mid"]] = t["role"]
                    await pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "offer"))
                    await pc.setLocalDescription(await pc.createAnswer())
                    await ws.send(json.dumps({"type": "subscribe.answer", "sdp": pc.localDescription.sdp}))
                elif m.get("type") == "error":
                    print(json.dumps({"join": index, "serverError": m}), file=sys.stderr, flush=True)

        sig = asyncio.ensure_future(signaling())
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        await ws.send(json.dumps({"type": "leave"}))
        sig.cancel()
    for d in decoders:
        d.cancel()
    await pc.close()
    cams = {c: (round(first[c], 1) if c in first else None) for c in CAMERAS}
    ok = all(v is not None for v in cams.values())
    return {"join": index, "ok": ok, "cameras": cams, "widths": widths,
            "bothMs": max(cams.values()) if ok else None}


async def expert(url, room, tokens_file, timeout):
    with open(tokens_file) as f:
        tokens = [line.strip() for line in f if line.strip()]
    for i, token in enumerate(tokens):
        result = await one_join(url, room, token, i, timeout)
        print(json.dumps(result), flush=True)


async def watch(url, room, token):
    """Joins once as an expert and stays until stdin closes, answering every subscribe offer. Every
    half second prints {"tracks": {"camera:room": {"trackId": id, "mid": m, "frames": n}, ...}}: for each
    role offered now, the track on its section and the frames decoded since that track took the
    section (a recycled section keeps its aiortc receiver)."""
    pc = RTCPeerConnection()
    frames = {}  # (mid, trackId) -> frames decoded
    offered = {}  # mid -> (role, trackId), active sections only
    current = {}  # mid -> trackId it carries now
    track_mid = {}

    async def consume(track):
        while True:
            try:
                await track.recv()
            except MediaStreamError:
                return
            mid = track_mid.get(track.id)
            key = (mid, current.get(mid))
            frames[key] = frames.get(key, 0) + 1

    @pc.on("track")
    def on_track(track):
        for tr in pc.getTransceivers():
            if tr.receiver.track is track:
                track_mid[track.id] = tr.mid
        asyncio.ensure_future(consume(track))

    async with websockets.connect("%s?room=%s&token=%s" % (url, room, token), max_size=None) as ws:
        await ws.send(json.dumps({"type": "join", "name": "aiortc-watcher"}))

        async def signaling():
            async for raw in ws:
                m = json.loads(raw)
                if m.get("type") == "subscribe.offer":
                    offered.clear()
                    for t in m["tracks"]:
                        if t.get("active", True):
                            offered[t["mid"]] = (t["role"], t["trackId"])
                            current[t["mid"]] = t["trackId"]
                    await pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "offer"))
                    await pc.setLocalDescription(await pc.createAnswer())
                    await ws.send(json.dumps({"type": "subscribe.answer", "sdp": pc.localDescription.sdp}))
                elif m.get("type") == "error":
                    print(json.dumps({"serverError": m}), file=sys.stderr, flush=True)

        async def report():
            while True:
                await asyncio.sleep(0.5)
                tracks = {role: {"trackId": tid, "mid": mid, "frames": frames.get((mid, tid), 0)}
                          for mid, (role, tid) in offered.items()}
                print(json.dumps({"tracks": tracks}), flush=True)

        sig = asyncio.ensure_future(signaling())
        rep = asyncio.ensure_future(report())
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        rep.cancel()
        await ws.send(json.dumps({"type": "leave"}))
        sig.cancel()
    await pc.close()


def main(argv):
    mode = argv[1]
    if mode == "cart":
        asyncio.run(cart(argv[2], argv[3], argv[4], float(argv[5])))
    elif mode == "expert":
        asyncio.run(expert(argv[2], argv[3], argv[4], float(argv[5])))
    elif mode == "watch":
        asyncio.run(watch(argv[2], argv[3], argv[4]))
    else:
        raise SystemExit("usage: keyframe_peer.py cart|expert|watch ...")


if __name__ == "__main__":
    main(sys.argv)
