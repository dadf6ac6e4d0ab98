// The bedside cart page: fetches and verifies its signed cart profile, maps cart inputs to roles,
// publishes them, and obeys the operator (privacy, mute, device choice) and remote experts
// (camera control). Protocol: docs/protocol.md; profile: docs/carts.md.
'use strict';
const room = tr.params.get('room') || 'ward7-bed12';
// With ?cart=<id> the page runs from that cart's signed profile; without it, from page-address
// defaults (a development convenience).
const cartId = tr.params.get('cart');
const state = window.trState = { joined: false, published: [], errors: [], privacy: false, muted: false,
  devices: {}, commands: [], profile: null, refused: null, warnings: [], sendParams: {}, connections: [] };
document.getElementById('room').textContent = `room ${room}${cartId ? ` · cart ${cartId}` : ''}`;
const status = (s, error) => tr.status(s, error);
const tracks = {}; // role -> MediaStreamTrack
let client;
let roles = []; // [{ role, kind, pattern, spec }] in the order devices are assigned

const TRUST_STORE = 'telerounds.cart.trustedKeys';
const OVERRIDES = 'telerounds.cart.deviceOverrides';
const ROLE_ORDER = ['camera:room', 'camera:exam', 'mic:patient', 'mic:room', 'audio:stethoscope'];
const ADDRESS_PARAMS = { 'camera:room': 'roomCamera', 'camera:exam': 'examCamera', 'mic:patient': 'patientMic',
  'mic:room': 'roomMic', 'audio:stethoscope': 'stethoscope' };
const SYNTH_PARAMS = { 'mic:room': 'roomAudio', 'audio:stethoscope': 'stethoscopeAudio' };

// ---- The signed profile -------------------------------------------------------------------

// The keys this cart trusts, as PEM. A cart is provisioned by pinning its hospital's key; a cart
// with no pinned key pins the server's on first use and says so.
async function trustedKeys(lib) {
  let pems = JSON.parse(localStorage.getItem(TRUST_STORE) || '[]');
  if (!pems.length) {
    const r = await fetch('/api/cart-signing-key', { cache: 'no-store' });
    if (!r.ok) throw new Error(`cannot fetch the signing key to pin (HTTP ${r.status})`);
    pems = [await r.text()];
    localStorage.setItem(TRUST_STORE, JSON.stringify(pems));
    state.pinnedOnFirstUse = true;
  }
  return Promise.all(pems.map((pem) => lib.importPublicKeyPem(pem)));
}

// Fetches this cart's bundle and verifies it; throws with the reason when it must be refused.
async function loadProfile(token) {
  const res = await fetch(`/api/carts/${encodeURIComponent(cartId)}/config`,
    { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (res.status === 404) throw new Error(`no profile has been uploaded for ${cartId}`);
  if (!res.ok) throw new Error(`cannot fetch the profile of ${cartId} (HTTP ${res.status})`);
  const text = await res.text();
  const lib = await import('/static/cart-bundle.js');
  const v = await lib.verifyBundle(text, await trustedKeys(lib));
  if (!v.valid) throw Object.assign(new Error(`refused the cart profile: ${v.reason}`), { refused: true });
  if (v.cartId !== cartId) {
    throw Object.assign(new Error(`refused the cart profile: it is for ${v.cartId}, not ${cartId}`), { refused: true });
  }
  state.keyId = v.keyId;
  return v.profile;
}

function rolesOf(profile) {
  const out = profile
    ? [...profile.cameras.map((c) => ({ role: c.role, kind: 'video', pattern: c.labelPattern, spec: c })),
      ...profile.audioInputs.map((a) => ({ role: a.role, kind: 'audio', pattern: a.labelPattern, spec: a }))]
    : (tr.params.get('cameras') === '1' ? ['camera:room', 'mic:patient', 'mic:room'] : ROLE_ORDER.slice(0, 4))
      .map((role) => ({ role, kind: role.startsWith('camera:') ? 'video' : 'audio', pattern: tr.params.get(ADDRESS_PARAMS[role]) }));
  return out.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

// ---- Devices -----------------------------------------------------------------------------------

// Assigns devices to roles: the operator's saved choice, else the first unused device whose label
// matches the role's pattern (a regular expression). Without a profile a role with no pattern takes
// the next unused device. With a profile, a required role that matched nothing takes the next
// unused device and is flagged for the operator to check; a stethoscope is only taken by pattern.
async function mapDevices() {
  const first = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  first.getTracks().forEach((t) => t.stop());
  const all = await navigator.mediaDevices.enumerateDevices();
  const cams = all.filter((d) => d.kind === 'videoinput');
  const audio = all.filter((d) => d.kind === 'audioinput');
  const real = audio.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
  const mics = real.length ? real : audio;
  const overrides = JSON.parse(localStorage.getItem(OVERRIDES) || '{}');
  const map = {};
  const notes = {};
  const used = new Set();
  const take = (r, d, note) => { map[r.role] = d; used.add(d.deviceId); if (note) notes[r.role] = note; };
  const pool = (r) => (r.kind === 'video' ? cams : mics).filter((d) => !used.has(d.deviceId));
  for (const r of roles) {
    const d = pool(r).find((x) => x.deviceId === overrides[r.role]);
    if (d) take(r, d, "operator's choice");
  }
  for (const r of roles.filter((x) => !map[x.role])) {
    const re = r.pattern ? new RegExp(r.pattern, 'i') : null;
    const d = pool(r).find((x) => !re || re.test(x.label));
    if (d) take(r, d, null);
  }
  for (const r of roles.filter((x) => !map[x.role] && !tr.params.get(SYNTH_PARAMS[x.role]))) {
    if (!state.profile || r.role === 'audio:stethoscope') continue;
    const d = pool(r)[0];
    if (d) take(r, d, `nothing matched /${r.pattern}/: guessed, please check`);
  }
  for (const [role, note] of Object.entries(notes)) if (note.startsWith('nothing')) state.warnings.push(`${role}: ${note}`);
  return { map, notes, cams, mics };
}

function constraintsFor(r, device) {
  const id = { deviceId: { exact: device.deviceId } };
  const s = r.spec;
  if (r.kind === 'video') {
    const size = s ? { width: { ideal: s.resolution.width }, height: { ideal: s.resolution.height }, frameRate: { ideal: s.fps } }
      : { width: 640, height: 480 };
    return { video: { ...id, ...size, ...(!s || s.ptz ? { pan: true, tilt: true, zoom: true } : {}) } };
  }
  if (!s) return { audio: id };
  // A bypassed input (the stethoscope) reaches experts untouched: browser processing would erase
  // heart and lung sounds. Enhanced inputs skip the browser's own noise suppression and gain,
  // because the server enhances them; echo cancellation stays on for the cart's loudspeaker.
  const bypass = s.processing === 'bypass';
  return { audio: { ...id, echoCancellation: !bypass, noiseSuppression: false, autoGainControl: false } };
}

async function openTrack(r, device) {
  const s = await navigator.mediaDevices.getUserMedia(constraintsFor(r, device));
  return r.kind === 'video' ? s.getVideoTracks()[0] : s.getAudioTracks()[0];
}

// A generated input for tests and demos: `tone` or the address of a WAV file, through WebAudio.
async function synthAudio(source) {
  const ac = new AudioContext();
  const dest = ac.createMediaStreamDestination();
  if (source === 'tone') {
    const osc = ac.createOscillator();
    osc.frequency.value = 220;
    const gain = ac.createGain();
    gain.gain.value = 0.2;
    osc.connect(gain).connect(dest);
    osc.start();
  } else {
    const buf = await ac.decodeAudioData(await (await fetch(source)).arrayBuffer());
    const src = ac.createBufferSource();
    src.buffer = buf;
    src.loop = true;
    src.connect(dest);
    src.start();
  }
  return dest.stream.getAudioTracks()[0];
}

function showDevices(map, notes, cams, mics) {
  const body = document.querySelector('#devices tbody');
  body.innerHTML = '';
  for (const r of roles) {
    const row = document.createElement('tr');
    row.dataset.role = r.role;
    const options = r.kind === 'video' ? cams : mics;
    const sel = document.createElement('select');
    sel.dataset.role = r.role;
    for (const d of options) {
      const o = new Option(d.label || d.deviceId, d.deviceId);
      if (map[r.role] && map[r.role].deviceId === d.deviceId) o.selected = true;
      sel.append(o);
    }
    if (!map[r.role]) {
      sel.innerHTML = tracks[r.role] ? '<option>generated in page (WebAudio)</option>' : '<option>no device</option>';
      sel.disabled = true;
    }
    sel.onchange = () => switchDevice(r, options.find((d) => d.deviceId === sel.value));
    row.innerHTML = '<td><span class="role"></span></td><td></td><td class="pattern"></td><td class="note"></td>';
    row.querySelector('.role').textContent = r.role;
    row.children[1].append(sel);
    row.querySelector('.pattern').textContent = r.pattern ? `/${r.pattern}/` : 'any';
    const note = !tracks[r.role] ? 'not published' : (notes[r.role] || '');
    row.querySelector('.note').textContent = note;
    if (note && note !== "operator's choice") row.querySelector('.note').classList.add('error');
    body.append(row);
    state.devices[r.role] = map[r.role] ? (map[r.role].label || map[r.role].deviceId) : (tracks[r.role] ? 'webaudio' : null);
  }
}

// The operator fixes the mapping: the new device's track replaces the old one without
// renegotiating, and the choice is remembered for the next round on this cart.
async function switchDevice(r, device) {
  try {
    const t = await openTrack(r, device);
    t.enabled = r.kind === 'video' ? !state.privacy : !state.muted;
    await client.senders[r.role].replaceTrack(t);
    const published = client.lastPublish && client.lastPublish[0]; // what a reconnect publishes again
    if (published) { published.removeTrack(tracks[r.role]); published.addTrack(t); }
    tracks[r.role].stop();
    tracks[r.role] = t;
    state.devices[r.role] = device.label || device.deviceId;
    const overrides = JSON.parse(localStorage.getItem(OVERRIDES) || '{}');
    overrides[r.role] = device.deviceId;
    localStorage.setItem(OVERRIDES, JSON.stringify(overrides));
    const row = document.querySelector(`#devices tr[data-role="${r.role}"] .note`);
    if (row) { row.textContent = "operator's choice"; row.classList.remove('error'); }
    status(`${r.role} now uses ${state.devices[r.role]}`);
  } catch (e) {
    status(`cannot switch ${r.role}: ${e.message}`);
  }
}

function preview(role, track) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  const v = document.createElement('video');
  v.muted = true; v.playsInline = true;
  v.srcObject = new MediaStream([track]);
  tr.play(v);
  const label = document.createElement('div');
  label.className = 'label';
  label.innerHTML = 'Local preview · <span class="role"></span>';
  label.querySelector('.role').textContent = role;
  tile.append(v, label);
  document.getElementById('tiles').append(tile);
}

// ---- The round ---------------------------------------------------------------------------------

// Simulcast encodings for a camera from its profile's `simulcast` list: one per rid, each with its
// own scale and bitrate cap, so the server can give each expert the layer its link and view carry
// (docs/networks.md). `simulcast=0` in the page's URL sends one layer per camera instead.
function encodingsOf(track) {
  if (tr.params.get('simulcast') === '0') return null;
  const r = roles.find((x) => x.kind === 'video' && tracks[x.role] === track);
  const layers = r && r.spec && r.spec.simulcast;
  if (!layers || layers.length < 2) return null;
  return layers.map((l) => ({ rid: l.rid, scaleResolutionDownBy: l.scaleDownBy, maxBitrate: l.maxBitrateKbps * 1000 }));
}

// Caps each camera's sending bitrate and frame rate at its profile's values (per layer with simulcast).
async function applySendLimits() {
  for (const r of roles.filter((x) => x.kind === 'video' && x.spec && client.senders[x.role])) {
    const sender = client.senders[r.role];
    const p = sender.getParameters();
    if (!p.encodings || !p.encodings.length) p.encodings = [{}];
    if (p.encodings.length > 1) { // simulcast: each layer keeps its own cap; the frame rate is the camera's
      p.encodings.forEach((e) => { e.maxFramerate = r.spec.fps; });
      await sender.setParameters(p);
      state.sendParams[r.role] = { layers: sender.getParameters().encodings.map((e) => ({ rid: e.rid, maxBitrate: e.maxBitrate })) };
      continue;
    }
    p.encodings[0].maxBitrate = r.spec.maxBitrateKbps * 1000;
    p.encodings[0].maxFramerate = r.spec.fps;
    await sender.setParameters(p);
    const now = sender.getParameters().encodings[0];
    state.sendParams[r.role] = { maxBitrate: now.maxBitrate, maxFramerate: now.maxFramerate };
  }
}

// Tells experts what each camera can steer, in profile units, and the names of its presets.
function announceCameras() {
  const cameras = {};
  for (const r of roles.filter((x) => x.kind === 'video' && tracks[x.role])) {
    const caps = tracks[r.role].getCapabilities ? tracks[r.role].getCapabilities() : {};
    const ptz = r.spec ? r.spec.ptz : null;
    const cam = { presets: ptz && ptz.presets ? Object.keys(ptz.presets).sort() : [] };
    for (const a of ['pan', 'tilt', 'zoom']) {
      if (!caps[a]) continue;
      cam[a] = ptz && ptz[a] ? ptz[a] : { min: fromDevice(a, caps[a].min, caps), max: fromDevice(a, caps[a].max, caps) };
    }
    cameras[r.role] = cam;
  }
  state.announced = cameras;
  client.send({ type: 'camera.capabilities', cameras });
}

async function start() {
  document.getElementById('start').disabled = true;
  try {
    const token = await tr.token('cart', room, cartId || undefined);
    if (cartId) {
      status(`fetching the signed profile of ${cartId}…`);
      state.profile = await loadProfile(token);
      showProfile(state.profile);
    }
    roles = rolesOf(state.profile);
    status('finding cameras and microphones…');
    const { map, notes, cams, mics } = await mapDevices();
    for (const r of roles) {
      if (map[r.role]) tracks[r.role] = await openTrack(r, map[r.role]);
      else if (tr.params.get(SYNTH_PARAMS[r.role])) tracks[r.role] = await synthAudio(tr.params.get(SYNTH_PARAMS[r.role]));
    }
    const startPrivate = !!(state.profile && state.profile.privacy.videoOffOnStart);
    const startMuted = !!(state.profile && state.profile.privacy.mutedOnStart);
    // Privacy and mute start on the cart itself, so not one frame leaves before the SFU knows.
    Object.entries(tracks).forEach(([role, t]) => { t.enabled = role.startsWith('camera:') ? !startPrivate : !startMuted; });
    Object.entries(tracks).filter(([r]) => r.startsWith('camera:')).forEach(([r, t]) => preview(r, t));
    showDevices(map, notes, cams, mics);
    client = window.trClient = new TeleroundsClient({ room, token, name: cartId || 'cart' });
    client.addEventListener('error', (e) => { state.errors.push(e.detail); status(`error: ${e.detail.message}`); });
    tr.watchConnection(client);
    client.addEventListener('connection', (e) => { state.connection = e.detail.state; state.connections.push(e.detail.state); });
    client.addEventListener('camera-command', (e) => onCameraCommand(e.detail));
    client.addEventListener('rejoined', (e) => {
      state.rejoins = (state.rejoins || 0) + 1;
      experts.clear();
      e.detail.participants.filter((p) => p.role === 'expert').forEach((p) => experts.add(p.participantId));
    });
    client.addEventListener('resumed', () => { state.resumes = (state.resumes || 0) + 1; });
    client.addEventListener('republished', (e) => afterRepublish(e.detail));
    watchExperts(client);
    const joined = await client.connect();
    joined.participants.filter((p) => p.role === 'expert').forEach((p) => experts.add(p.participantId));
    state.joined = true;
    const roleOf = (t) => Object.keys(tracks).find((r) => tracks[r] === t);
    const stream = new MediaStream(Object.values(tracks));
    state.published = await client.publish(stream, roleOf, { videoCodec: tr.params.get('codec') || undefined, encodingsOf });
    await applySendLimits();
    announceCameras();
    // The tracks are already off on the cart; these tell the SFU and the experts. A failure here
    // (a timeout) is shown but does not stop the round: the operator can press the button again.
    state.privacy = startPrivate;
    state.muted = startMuted;
    showPrivacy(startPrivate);
    showMuted(startMuted);
    if (startPrivate) await setPrivacy(true).catch(() => {});
    if (startMuted) await setMuted(true).catch(() => {});
    ['leave', 'privacy', 'mute'].forEach((id) => { document.getElementById(id).disabled = false; });
    document.getElementById('start').hidden = true;
    state.started = true;
    if (!state.lastError) status(liveText());
    checkIdle();
  } catch (e) {
    state.errors.push({ message: e.message });
    if (e.refused) state.refused = e.message;
    status(`could not start: ${e.message}`, true);
    document.getElementById('start').disabled = !!e.refused;
  }
}

function liveText() {
  return `live: ${state.published.map((t) => `${t.role} (${t.codec})`).join(', ')}`
    + (state.warnings.length ? ` — check: ${state.warnings.join('; ')}` : '');
}

// After a reconnect the client published the same tracks again: the SFU learns privacy and mute
// afresh, and experts the cameras.
async function afterRepublish(tracks) {
  state.published = tracks;
  try {
    await applySendLimits();
    announceCameras();
    if (state.privacy) await setPrivacy(true);
    if (state.muted) await setMuted(true);
    status(`back: ${liveText()}`);
  } catch (e) {
    status(`reconnected, but: ${e.message}`, true);
  }
}

function showProfile(p) {
  const id = p.identity;
  document.getElementById('profile').textContent = `profile ${id.cartId} (${id.model}, ${id.hospital} / ${id.ward}),`
    + ` signed by key ${state.keyId}${state.pinnedOnFirstUse ? ' — pinned on first use' : ''}`;
}

function showPrivacy(on) {
  const b = document.getElementById('privacy');
  b.textContent = `Privacy: ${on ? 'ON (video stopped)' : 'off'}`;
  b.setAttribute('aria-pressed', String(on));
  tr.badge('privacy', on, 'PRIVACY');
}

function showMuted(muted) {
  const b = document.getElementById('mute');
  b.textContent = muted ? 'Unmute' : 'Mute';
  b.setAttribute('aria-pressed', String(muted));
  tr.badge('muted', muted, 'MUTED');
}

// Runs a button's request with the button disabled; a failure (a timeout, no connection) is shown
// in the status line and the button comes back, so the operator can try again.
async function busy(id, what, f) {
  const b = document.getElementById(id);
  b.disabled = true;
  try {
    await f();
    state.lastError = null;
  } catch (e) {
    state.lastError = `${what}: ${e.message}`;
    state.requestErrors = (state.requestErrors || 0) + 1;
    status(`${what} failed: ${e.message}`, true);
    throw e;
  } finally {
    b.disabled = !state.joined;
  }
}

// Privacy stops the cart's video on the cart itself at once, then tells the SFU.
async function setPrivacy(on) {
  Object.entries(tracks).filter(([r]) => r.startsWith('camera:')).forEach(([, t]) => { t.enabled = !on; });
  state.privacy = on;
  showPrivacy(on);
  await busy('privacy', on ? 'privacy on' : 'privacy off', () => client.request({ type: 'privacy', on }, 'privacy'));
  status(on ? 'privacy mode on: no video leaves the cart' : 'privacy mode off');
  checkIdle();
}

// Mute silences the cart's microphones on the cart at once, then tells the SFU (and so experts).
async function setMuted(muted) {
  Object.entries(tracks).filter(([r]) => !r.startsWith('camera:')).forEach(([, t]) => { t.enabled = !muted; });
  state.muted = muted;
  showMuted(muted);
  await busy('mute', muted ? 'mute' : 'unmute', async () => {
    for (const t of state.published.filter((p) => p.kind === 'audio')) {
      await client.request({ type: 'mute', trackId: t.trackId, muted }, 'track.muted');
    }
  });
  state.muteAcks = (state.muteAcks || 0) + 1;
  status(muted ? 'microphones muted' : 'microphones live');
}

// Idle privacy: with no expert in the round for the profile's idlePrivacyAfterSeconds, the cart
// turns privacy mode on by itself (0 = never).
const experts = new Set();
let idleTimer = null;
function watchExperts(c) {
  c.addEventListener('participant-joined', (e) => { if (e.detail.role === 'expert') experts.add(e.detail.participantId); checkIdle(); });
  c.addEventListener('participant-left', (e) => { experts.delete(e.detail.participantId); checkIdle(); });
}
function checkIdle() {
  clearTimeout(idleTimer);
  const after = state.profile ? state.profile.privacy.idlePrivacyAfterSeconds : 0;
  if (!after || experts.size || state.privacy || !state.joined) return;
  idleTimer = setTimeout(() => {
    if (!experts.size && !state.privacy && state.joined) {
      setPrivacy(true).then(() => status(`privacy mode on: no expert for ${after} s`), () => {});
    }
  }, after * 1000);
}

// ---- Camera control ----------------------------------------------------------------------------

// Commands come in profile units (pan and tilt in degrees, zoom in percent of the widest view).
// The W3C constraints take pan and tilt in arc seconds, and zoom in the camera's own units, whose
// minimum is its widest view.
function toDevice(axis, v, caps) { return axis === 'zoom' ? caps.zoom.min * v / 100 : v * 3600; }
function fromDevice(axis, v, caps) {
  return Math.round((axis === 'zoom' ? v * 100 / caps.zoom.min : v / 3600) * 100) / 100;
}

// A remote expert steers a camera: relative or absolute moves, or a preset from the profile.
// The cart applies what its camera supports, within the profile's ranges, and answers.
async function onCameraCommand(cmd) {
  state.commands.push(cmd);
  const reply = (s, extra) => client.send({ type: 'camera.result', requestId: cmd.requestId, status: s, ...extra });
  if (state.profile && !state.profile.privacy.allowRemotePtz) {
    return reply('unsupported', { reason: "remote camera control is turned off in this cart's profile" });
  }
  const track = tracks[cmd.camera];
  if (!track) return reply('unsupported', { reason: `this cart has no ${cmd.camera}` });
  const r = roles.find((x) => x.role === cmd.camera);
  const ptz = r && r.spec ? r.spec.ptz : null;
  let wanted = cmd;
  if (cmd.action === 'preset') {
    wanted = ptz && ptz.presets ? ptz.presets[cmd.preset] : null;
    if (!wanted) return reply('unsupported', { reason: `${cmd.camera} has no preset "${cmd.preset}"` });
  }
  const caps = track.getCapabilities ? track.getCapabilities() : {};
  const axes = ['pan', 'tilt', 'zoom'].filter((a) => wanted[a] !== undefined);
  const supported = axes.filter((a) => caps[a]);
  if (!supported.length) {
    return reply('unsupported', { reason: `${cmd.camera} has no ${axes.join('/')} control`
      + (cmd.action === 'preset' ? ` for preset "${cmd.preset}"` : '') });
  }
  const now = track.getSettings();
  const target = {};
  for (const a of supported) {
    let v = cmd.action === 'relative' ? fromDevice(a, now[a] || caps[a].min, caps) + wanted[a] : wanted[a];
    if (ptz && ptz[a]) v = Math.min(ptz[a].max, Math.max(ptz[a].min, v));
    target[a] = Math.min(caps[a].max, Math.max(caps[a].min, toDevice(a, v, caps)));
  }
  try {
    await track.applyConstraints({ advanced: [target] });
    const s = track.getSettings();
    reply('applied', { applied: Object.fromEntries(supported.map((a) => [a, fromDevice(a, s[a], caps)])) });
  } catch (e) {
    reply('unsupported', { reason: e.message });
  }
}

function leave() {
  if (client) client.leave();
  Object.values(tracks).forEach((t) => t.stop());
  clearTimeout(idleTimer);
  state.joined = false;
  state.left = true;
  status('left the round');
  ['leave', 'privacy', 'mute'].forEach((id) => { document.getElementById(id).disabled = true; });
}

document.getElementById('start').onclick = start;
document.getElementById('leave').onclick = leave;
document.getElementById('privacy').onclick = () => setPrivacy(!state.privacy).catch(() => {});
document.getElementById('mute').onclick = () => setMuted(!state.muted).catch(() => {});
Object.assign(window, { trLeave: leave, trPrivacy: setPrivacy, trMute: setMuted });
if (tr.params.get('autostart') === '1') start();
