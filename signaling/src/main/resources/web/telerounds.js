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

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/ws?room=${encodeURIComponent(this.room)}&token=${encodeURIComponent(this.token)}`;
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(url);
      this.ws.onmessage = (e) => this._onMessage(JSON.parse(e.data));
      this.ws.onclose = (e) => this._emit('closed', { code: e.code, reason: e.reason });
      this.ws.onerror = () => reject(new Error('WebSocket refused (check the token and room)'));
      this.ws.onopen = () => {
        this._request({ type: 'join', room: this.room, name: this.name }, 'joined').then(resolve, reject);
      };
    });
  }

  _send(msg) { this.ws.send(JSON.stringify(msg)); }

  _request(msg, replyType) {
    const id = String(this.nextId++);
    msg.id = id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, replyType });
      if (replyType === 'joined') this.pending.set('joined', { resolve, reject });
      this._send(msg);
    });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  async _onMessage(m) {
    if (m.type === 'joined') {
      this.participantId = m.participantId;
      this.iceServers = m.iceServers || []; // TURN with short-lived credentials, when the server has any
      const p = this.pending.get('joined');
      this.pending.delete('joined');
      if (p) p.resolve(m);
      this._emit('joined', m);
      return;
    }
    if (m.id && this.pending.has(m.id)) {
      const p = this.pending.get(m.id);
      if (m.type === 'error') {
        this.pending.delete(m.id);
        this.pending.delete('joined');
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
      case 'error': this._emit('error', m); break;
      case 'camera.command': this._emit('camera-command', m); break;
      case 'camera.result': this._emit('camera-result', m); break;
      case 'camera.capabilities': this._emit('camera-capabilities', m); break;
      case 'privacy': this._emit('privacy', m); break;
      case 'track.muted': this._emit('track-muted', m); break;
      case 'captions.state': case 'caption.partial': case 'caption.final': this._emit(m.type, m); break;
      case 'enhancement.state': this._emit('enhancement-state', m); break;
      case 'enhancement.levels': this._emit('enhancement-levels', m); break;
      default: break;
    }
  }

  // Sends a request and resolves with the reply of `replyType` (or rejects with the error).
  request(msg, replyType) { return this._request(msg, replyType); }

  send(msg) { this._send(msg); }

  // Publishes every track of `stream`; roleOf(track) names its role, e.g. 'camera:room'.
  async publish(stream, roleOf, { videoCodec } = {}) {
    if (!this.pub) {
      this.pub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.iceServers || [] });
      this.pub.onicecandidate = (e) => e.candidate && this._send({ type: 'trickle', pc: 'publish', candidate: e.candidate.toJSON() });
    }
    const transceivers = stream.getTracks().map((track) => {
      const t = this.pub.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
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
    const answer = await this._request({ type: 'publish', sdp: this.pub.localDescription.sdp, tracks }, 'publish.answer');
    await this.pub.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    return answer.tracks;
  }

  async _onSubscribeOffer(m) {
    if (!this.sub) {
      this.sub = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.iceServers || [] });
      this.sub.onicecandidate = (e) => e.candidate && this._send({ type: 'trickle', pc: 'subscribe', candidate: e.candidate.toJSON() });
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
        packetsReceived: s.packetsReceived || 0, codec: info.codec, bytesReceived: s.bytesReceived || 0,
        totalAudioEnergy: s.totalAudioEnergy || 0, totalSamplesDuration: s.totalSamplesDuration || 0 };
    });
    return out;
  }

  leave() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this._send({ type: 'leave' });
    if (this.pub) this.pub.close();
    if (this.sub) this.sub.close();
  }
}

// Shared page helpers.
const tr = {
  params: new URLSearchParams(location.search),
  log(msg) {
    const el = document.getElementById('log');
    if (el) el.textContent = `${new Date().toLocaleTimeString()} ${msg}\n` + el.textContent;
  },
  async token(role, room, sub) {
    return tr.params.get('token') || TeleroundsClient.devToken(role, room, sub);
  },
};
window.TeleroundsClient = TeleroundsClient;
window.tr = tr;
