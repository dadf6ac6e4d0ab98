// telerounds browser client: one WebSocket, two PeerConnections (publish: we offer; subscribe: the
// server offers). Protocol: docs/protocol.md. No build step, no dependencies.
'use strict';

class TeleroundsClient extends EventTarget {
  constructor({ room, token, name }) {
    super();
    this.room = room;
    this.token = token;
    this.name = name;
    this.pub = null;
    this.sub = null;
    this.midInfo = {};
    this.pending = new Map();
    this.iceRestarts = { publish: 0, subscribe: 0 }; // restarts that completed (read by tests)
    this.nextId = 1;
    this.participantId = null;
    window.dispatchEvent(new CustomEvent('telerounds-client', { detail: this })); // page add-ons attach here
  }

  // A dev-mode token; `sub` names the holder (a cart's id, so it can fetch its own profile).
  static async devToken(role, room, sub) {
    const who = sub ? `&sub=${encodeURIComponent(sub)}` : '';
    const r = await fetch(`/api/dev/token?role=${encodeURIComponent(role)}&room=${encodeURIComponent(room)}${who}`);
    if (!r.ok) throw new Error(`no token: dev mode is off or this is not a loopback client (HTTP ${r.status})`);
    return (await r.json()).token;
  }

  // Opens the WebSocket and joins; resolves with `joined`. After that first join, a lost
  // WebSocket is reconnected with backoff and the room rejoined (connection states below).
  connect() {
    this.leaving = false;
    // Closing the tab or navigating away is a leave, not a lost connection: the others see
    // participant.left at once instead of participant.reconnecting for the resume window.
    if (!this.pagehideBound) {
      this.pagehideBound = true;
      window.addEventListener('pagehide', (e) => { if (!e.persisted && this.everJoined && !this.leaving) this.leave(); });
    }
    return this._open().then((joined) => { this._setConnection('live'); return joined; });
  }

  // One attempt: a new WebSocket, then `join`. The resume token from the last `joined` rides
  // along: within the server's resume window the same participant goes on (`joined.resumed`),
  // media connections included (docs/protocol.md#resume).
  _open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/ws?room=${encodeURIComponent(this.room)}&token=${encodeURIComponent(this.token)}`;
    this._setConnection(this.everJoined ? 'reconnecting' : 'connecting');
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      this.ws = ws;
      let opened = false;
      ws.onmessage = (e) => this._onMessage(JSON.parse(e.data));
      ws.onclose = (e) => {
        this._failPending(new Error(`the connection closed (code ${e.code})`), 'closed');
        if (!opened) reject(new Error('WebSocket refused (check the token and room)'));
        if (ws === this.ws) this._onClose(e);
      };
      ws.onerror = () => { if (!opened) reject(new Error('WebSocket refused (check the token and room)')); };
      ws.onopen = () => {
        opened = true;
        const join = { type: 'join', room: this.room, name: this.name };
        if (this.resumeToken) join.resume = this.resumeToken;
        this._request(join, 'joined', { timeoutMs: TeleroundsClient.JOIN_TIMEOUT_MS }).then((m) => {
          this.everJoined = true;
          if (m.resumeToken) this.resumeToken = m.resumeToken;
          resolve(m);
        }, (err) => { reject(err); if (ws.readyState <= WebSocket.OPEN) ws.close(); });
      };
    });
  }

  _onClose(e) {
    this._emit('closed', { code: e.code, reason: e.reason });
    if (this.reconnecting) return; // the attempt under way notices and schedules the next
    if (this.leaving || !this.everJoined) { this._setConnection(this.leaving ? 'left' : 'offline'); return; }
    this._reconnect(0);
  }

  // Backoff: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s, each with up to 20 % jitter. A resumed
  // session keeps its media connections; after a fresh join (the window passed, or the server
  // restarted) they are rebuilt and the tracks published again.
  _reconnect(attempt) {
    if (this.leaving) return;
    this.reconnecting = true;
    const delay = Math.min(TeleroundsClient.MAX_BACKOFF_MS, 500 * 2 ** attempt) * (1 + Math.random() * 0.2);
    this._setConnection('reconnecting', { attempt: attempt + 1, retryInMs: Math.round(delay) });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      if (this.leaving) return;
      try {
        const joined = await this._open();
        if (joined.resumed) {
          this.resumes = (this.resumes || 0) + 1;
          this.reconnecting = false;
          this._emit('resumed', joined);
          this._setConnection('live');
          return;
        }
        this._resetMedia(); // before the new participant's subscribe offer is handled
        this._emit('rejoined', joined);
        if (this.lastPublish) {
          const tracks = await this.publish(...this.lastPublish);
          this._emit('republished', tracks);
        }
        this.reconnecting = false;
        this._setConnection('live');
      } catch (err) {
        this._emit('reconnect-failed', { attempt: attempt + 1, message: err.message });
        if (this.ws && this.ws.readyState <= WebSocket.OPEN) { this.ws.onclose = null; this.ws.close(); }
        this._reconnect(attempt + 1);
      }
    }, delay);
  }

  _resetMedia() {
    if (this.pub) this.pub.close();
    if (this.sub) this.sub.close();
    this.pub = null;
    this.sub = null;
    this.senders = {};
    this.pubTracks = [];
    this.midInfo = {};
    for (const w of Object.values(this.iceWatch || {})) { clearInterval(w.poll); clearTimeout(w.timer); }
    this.iceWatch = {};
    this._emit('media-reset', {});
  }

  // connecting | live | reconnecting | offline | left; `connection` events carry it.
  _setConnection(state, extra = {}) {
    this.connection = state;
    this._emit('connection', { state, ...extra });
  }

  _failPending(err, code) {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(Object.assign(new Error(err.message), { code }));
    }
    this.pending.clear();
  }

  _send(msg) { this.ws.send(JSON.stringify(msg)); }

  // Every request times out (default 10 s): the promise rejects with code `timeout`.
  _request(msg, replyType, { timeoutMs = TeleroundsClient.REQUEST_TIMEOUT_MS } = {}) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(Object.assign(new Error(this.connection === 'reconnecting'
        ? 'not connected: reconnecting, try again in a moment' : 'not connected'), { code: 'not-connected' }));
    }
    const id = String(this.nextId++);
    msg.id = id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(Object.assign(new Error(`no answer to ${msg.type} within ${Math.round(timeoutMs / 1000)} s`), { code: 'timeout' }));
      }, timeoutMs);
      const done = (f) => (v) => { clearTimeout(timer); f(v); };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), replyType, timer });
      this._send(msg);
    });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  async _onMessage(m) {
    if (m.type === 'joined') {
      this.participantId = m.participantId;
      this.iceServers = m.iceServers || []; // TURN with short-lived credentials, when the server has any
      this._emit('joined', m);
    }
    if (m.id && this.pending.has(m.id)) {
      const p = this.pending.get(m.id);
      if (m.type === 'error') {
        this.pending.delete(m.id);
        p.reject(Object.assign(new Error(m.message), { code: m.code }));
        this._emit('error', m);
        return;
      }
      if (m.type === p.replyType) { this.pending.delete(m.id); p.resolve(m); return; }
    }
    switch (m.type) {
      case 'subscribe.offer': await this._onSubscribeOffer(m); break;
      case 'track.added': this._emit('track-announced', m.track); break;
      case 'track.removed': this._emit('track-removed', m.track); break;
      case 'participant.joined': this._emit('participant-joined', m); break;
      case 'participant.left': this._emit('participant-left', m); break;
      case 'participant.reconnecting': this._emit('participant-reconnecting', m); break;
      case 'participant.resumed': this._emit('participant-resumed', m); break;
      case 'error': this._emit('error', m); break;
      case 'camera.command': this._emit('camera-command', m); break;
      case 'camera.result': this._emit('camera-result', m); break;
      case 'camera.capabilities': this._emit('camera-capabilities', m); break;
      case 'privacy': this._emit('privacy', m); break;
      case 'track.muted': this._emit('track-muted', m); break;
      case 'captions.state': case 'caption.partial': case 'caption.final': this._emit(m.type, m); break;
      case 'enhancement.state': this._emit('enhancement-state', m); break;
      case 'enhancement.levels': this._emit('enhancement-levels', m); break;
      case 'layers.active': await this._setActiveLayers(m); break;
      default: break;
    }
  }

  // Sends a request and resolves with the reply of `replyType` (or rejects with the error).
  request(msg, replyType) { return this._request(msg, replyType); }

  send(msg) { this._send(msg); }

  // The server asks to send only some simulcast layers of one published track (no subscriber
  // needs the others now): the other encodings go inactive until it asks for them again.
  async _setActiveLayers(m) {
    const t = this.pub && this.pub.getTransceivers().find((x) => x.mid === m.mid);
    if (!t || !Array.isArray(m.active)) return;
    try {
      const params = t.sender.getParameters();
      if (!params.encodings || params.encodings.length < 2) return;
      for (const e of params.encodings) if (e.rid) e.active = m.active.includes(e.rid);
      await t.sender.setParameters(params);
      this.activeLayers = Object.assign(this.activeLayers || {}, { [m.mid]: m.active });
      this._emit('layers-active', m);
    } catch (e) {
      console.warn(`could not set the active layers: ${e.message}`);
    }
  }

  // Publishes every track of `stream`; roleOf(track) names its role, e.g. 'camera:room'. After a
  // reconnect the same tracks are published again (a `republished` event gives the new track ids).
  // `encodingsOf(track)`: simulcast encodings for a video track ([{rid, scaleResolutionDownBy,
  // maxBitrate}], two or more), or nothing for one stream.
  async publish(stream, roleOf, { videoCodec, encodingsOf } = {}) {
    this.lastPublish = [stream, roleOf, { videoCodec, encodingsOf }];
    if (!this.pub) {
      this.pub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.iceServers || [] });
      this.pub.onicecandidate = (e) => e.candidate && this._send({ type: 'trickle', pc: 'publish', candidate: e.candidate.toJSON() });
      this._watchIce(this.pub, 'publish');
    }
    const transceivers = stream.getTracks().map((track) => {
      const init = { direction: 'sendonly', streams: [stream] };
      const encodings = track.kind === 'video' && encodingsOf ? encodingsOf(track) : null;
      if (encodings && encodings.length > 1) init.sendEncodings = encodings;
      const t = this.pub.addTransceiver(track, init);
      if (track.kind === 'video' && videoCodec && RTCRtpSender.getCapabilities) {
        const caps = RTCRtpSender.getCapabilities('video').codecs;
        const want = caps.filter((c) => c.mimeType.toLowerCase() === `video/${videoCodec.toLowerCase()}`);
        if (!want.length) throw new Error(`this browser cannot send ${videoCodec}`);
        const rest = caps.filter((c) => /rtx|red|ulpfec/i.test(c.mimeType));
        t.setCodecPreferences([...want, ...rest]);
      }
      return { t, role: roleOf(track) };
    });
    const offer = await this.pub.createOffer();
    await this.pub.setLocalDescription(offer);
    this.senders = this.senders || {};
    transceivers.forEach(({ t, role }) => { this.senders[role] = t.sender; });
    const tracks = transceivers.map(({ t, role }) => ({ mid: t.mid, role }));
    this.pubTracks = [...(this.pubTracks || []), ...tracks];
    const answer = await this._request({ type: 'publish', sdp: this.pub.localDescription.sdp, tracks }, 'publish.answer');
    await this.pub.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    return answer.tracks;
  }

  // ICE restart (docs/protocol.md#ice-restart). A connection whose path broke (the network changed,
  // the address moved, a NAT forgot us) is restarted with new ICE credentials, and again every few
  // seconds until it is back: the publish connection re-offers, the subscribe connection asks the
  // server to re-offer. The participant, its tracks and DTLS stay as they are. A path counts as
  // broken when ICE says 'disconnected' (after a short grace) or 'failed', or when nothing at all
  // arrived on a connection that expects packets for ICE_STALL_MS (1.5 s): the server sends each
  // of them RTCP at least every second, and Chromium took about 6 s to call a removed address
  // 'disconnected'.
  _watchIce(pc, which) {
    const w = { pc, which, bytes: -1, at: performance.now(), lost: false, restarting: false, timer: null };
    this.iceWatch = this.iceWatch || {};
    this.iceWatch[which] = w;
    pc.addEventListener('iceconnectionstatechange', () => this._checkMedia(w));
    w.poll = setInterval(() => this._pollMedia(w), TeleroundsClient.ICE_POLL_MS);
  }

  async _pollMedia(w) {
    const { pc } = w;
    if (pc.connectionState === 'closed') { clearInterval(w.poll); clearTimeout(w.timer); return; }
    const s = pc.iceConnectionState;
    const up = s === 'connected' || s === 'completed';
    const expects = w.which === 'publish' ? pc.getSenders().some((x) => x.track)
      : pc.getTransceivers().some((t) => t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv');
    if (!expects || (!up && !w.lost)) { w.at = performance.now(); w.bytes = -1; this._checkMedia(w); return; }
    let bytes = 0;
    try {
      (await pc.getStats()).forEach((x) => { if (x.type === 'transport') bytes += x.bytesReceived || 0; });
    } catch (e) { return; } // closed meanwhile
    if (bytes !== w.bytes) { w.bytes = bytes; w.at = performance.now(); }
    this._checkMedia(w);
  }

  _checkMedia(w) {
    const s = w.pc.iceConnectionState;
    const stalled = performance.now() - w.at > TeleroundsClient.ICE_STALL_MS;
    if ((s === 'connected' || s === 'completed') && !stalled) {
      if (!w.lost || w.at <= w.lostAt) return; // lost until packets arrive again
      w.lost = false;
      clearTimeout(w.timer);
      w.timer = null;
      if (w.restarting) { w.restarting = false; this.iceRestarts[w.which] += 1; }
      this._emit('media-connection', { pc: w.which, state: 'restored' });
      return;
    }
    if (w.lost || s === 'new' || s === 'checking' || s === 'closed') return;
    w.lost = true;
    w.lostAt = performance.now();
    this._emit('media-connection', { pc: w.which, state: 'lost', stalled });
    const grace = s === 'disconnected' && !stalled ? TeleroundsClient.ICE_RESTART_GRACE_MS : 0;
    w.timer = setTimeout(() => this._restartIce(w), grace);
  }

  async _restartIce(w) {
    const { pc, which } = w;
    if (pc.connectionState === 'closed' || (which === 'publish' ? this.pub : this.sub) !== pc || !w.lost) return;
    w.timer = setTimeout(() => this._restartIce(w), TeleroundsClient.ICE_RESTART_RETRY_MS);
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN || pc.signalingState !== 'stable') return; // next try
    w.restarting = true;
    this._emit('media-connection', { pc: which, state: 'restarting' });
    try {
      if (which === 'publish') {
        const offer = await pc.createOffer({ iceRestart: true });
        await pc.setLocalDescription(offer);
        const answer = await this._request({ type: 'publish', sdp: pc.localDescription.sdp, tracks: this.pubTracks || [] },
          'publish.answer');
        if (pc.signalingState === 'have-local-offer') await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      } else {
        await this._request({ type: 'ice.restart', pc: 'subscribe' }, 'ice.restarting'); // the offer follows
      }
    } catch (err) {
      console.warn(`ICE restart of the ${which} connection failed: ${err.message}`);
      if (which === 'publish' && pc.signalingState === 'have-local-offer') {
        try { await pc.setLocalDescription({ type: 'rollback' }); } catch (e) { /* the next try starts over */ }
      }
    }
  }

  async _onSubscribeOffer(m) {
    if (!this.sub) {
      this.sub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.iceServers || [] });
      this.sub.onicecandidate = (e) => e.candidate && this._send({ type: 'trickle', pc: 'subscribe', candidate: e.candidate.toJSON() });
      this._watchIce(this.sub, 'subscribe');
      this.sub.ontrack = (e) => {
        const info = this.midInfo[e.transceiver.mid];
        if (info) this._emit('track', { track: e.track, info, transceiver: e.transceiver });
      };
    }
    for (const t of m.tracks) this.midInfo[t.mid] = t;
    await this.sub.setRemoteDescription({ type: 'offer', sdp: m.sdp });
    const answer = await this.sub.createAnswer();
    await this.sub.setLocalDescription(answer);
    this._send({ type: 'subscribe.answer', sdp: this.sub.localDescription.sdp });
    for (const t of m.tracks) if (!t.active) this._emit('track-removed', t);
  }

  // inbound-rtp stats of the subscribe connection, keyed by trackId.
  async inboundStats() {
    const out = {};
    if (!this.sub) return out;
    const report = await this.sub.getStats();
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const info = this.midInfo[s.mid];
      if (info) out[info.trackId] = { kind: s.kind, role: info.role, framesDecoded: s.framesDecoded || 0,
        totalSamplesReceived: s.totalSamplesReceived || 0, audioLevel: s.audioLevel || 0,
        packetsReceived: s.packetsReceived || 0, concealedSamples: s.concealedSamples || 0, codec: info.codec, bytesReceived: s.bytesReceived || 0,
        totalAudioEnergy: s.totalAudioEnergy || 0, totalSamplesDuration: s.totalSamplesDuration || 0,
        frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0 };
    });
    return out;
  }

  // Round-trip time, loss and bitrates since the last call, from both PeerConnections' getStats:
  // { rttMs, lossPct, rxKbps, txKbps, level: 'good' | 'fair' | 'poor' | 'unknown' }.
  async quality() {
    const now = performance.now();
    let rtt = null; let lost = 0; let received = 0; let rxBytes = 0; let txBytes = 0; let remoteLoss = null;
    for (const pc of [this.pub, this.sub]) {
      if (!pc || pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s) => {
        if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) {
          rtt = Math.max(rtt || 0, s.currentRoundTripTime * 1000);
        } else if (s.type === 'inbound-rtp') {
          lost += s.packetsLost || 0; received += s.packetsReceived || 0; rxBytes += s.bytesReceived || 0;
        } else if (s.type === 'outbound-rtp') {
          txBytes += s.bytesSent || 0;
        } else if (s.type === 'remote-inbound-rtp' && s.fractionLost !== undefined) {
          remoteLoss = Math.max(remoteLoss || 0, s.fractionLost * 100);
        }
      });
    }
    const prev = this.lastQuality || { at: now, lost, received, rxBytes, txBytes };
    this.lastQuality = { at: now, lost, received, rxBytes, txBytes };
    const secs = (now - prev.at) / 1000;
    const dLost = Math.max(0, lost - prev.lost);
    const dAll = dLost + Math.max(0, received - prev.received);
    const lossPct = dAll > 0 ? (100 * dLost) / dAll : remoteLoss;
    const kbps = (b) => (secs > 0 ? Math.max(0, (8 * b) / 1000 / secs) : null);
    const q = { rttMs: rtt === null ? null : Math.round(rtt), lossPct: lossPct === null ? null : Math.round(lossPct * 10) / 10,
      rxKbps: kbps(rxBytes - prev.rxBytes), txKbps: kbps(txBytes - prev.txBytes) };
    q.level = q.rttMs === null && q.lossPct === null ? 'unknown'
      : (q.rttMs > 300 || q.lossPct > 5) ? 'poor' : (q.rttMs > 150 || q.lossPct > 2) ? 'fair' : 'good';
    return q;
  }

  leave() {
    this.leaving = true;
    clearTimeout(this.retryTimer);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this._send({ type: 'leave' });
    else this._setConnection('left');
    if (this.pub) this.pub.close();
    if (this.sub) this.sub.close();
  }
}

TeleroundsClient.REQUEST_TIMEOUT_MS = 10000;
TeleroundsClient.JOIN_TIMEOUT_MS = 15000;
TeleroundsClient.MAX_BACKOFF_MS = 10000;
TeleroundsClient.ICE_RESTART_GRACE_MS = 1000;
TeleroundsClient.ICE_RESTART_RETRY_MS = 2000;
TeleroundsClient.ICE_STALL_MS = 1500;
TeleroundsClient.ICE_POLL_MS = 500;
window.TeleroundsClient = TeleroundsClient;
