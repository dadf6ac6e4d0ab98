// The remote expert page: both cart cameras as main view + picture-in-picture (swappable, or side
// by side), every other track labelled with participant and role, and camera control.
'use strict';
const room = tr.params.get('room') || 'ward7-bed12';
const state = window.trState = { joined: false, tracks: {}, removed: [], errors: [], participants: {},
  layout: { mode: 'pip', main: 'camera:room' }, cameraResults: [], privacy: {}, muted: {}, ptzSent: 0, connections: [] };
document.getElementById('room').textContent = `room ${room}`;
const status = (s, error) => tr.status(s, error);
const tiles = {}; // trackId -> tile element
let client;

const nameOf = (pid) => (state.participants[pid] && state.participants[pid].name) || pid;
const isCartCamera = (role) => role === 'camera:room' || role === 'camera:exam';

function makeTile(info, track) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.id = `tile-${info.trackId}`;
  tile.dataset.role = info.role;
  if (info.mid !== undefined) tile.dataset.mid = info.mid;
  const media = document.createElement(info.kind === 'video' ? 'video' : 'audio');
  media.playsInline = true;
  if (info.kind === 'audio') media.controls = true;
  media.srcObject = new MediaStream([track]);
  tr.play(media);
  const label = document.createElement('div');
  label.className = 'label';
  label.innerHTML = '<span class="who"></span> · <span class="role"></span> <span class="tile-muted" hidden>MUTED</span>';
  label.querySelector('.who').textContent = nameOf(info.participantId);
  label.querySelector('.role').textContent = info.role;
  label.querySelector('.tile-muted').hidden = !state.muted[info.trackId];
  tile.append(media, label);
  if (info.kind === 'video') resizes.observe(media);
  return tile;
}

// Tells the server the size each video is shown at, in device pixels (0x0 while not shown, or
// while the page is hidden), a moment after it settles: a simulcast camera then sends this page
// no larger layer than it shows, so the picture-in-picture gets a small one.
const views = { timer: null, last: '' };
function reportViews() {
  clearTimeout(views.timer);
  views.timer = setTimeout(() => {
    if (!client || !state.joined) return;
    const dpr = window.devicePixelRatio || 1;
    const list = [];
    for (const tile of Object.values(tiles)) {
      const v = tile.querySelector('video');
      if (!v || tile.dataset.mid === undefined) continue;
      const shown = v.isConnected && v.offsetParent !== null && document.visibilityState === 'visible';
      list.push({ mid: tile.dataset.mid, width: shown ? Math.round(v.clientWidth * dpr) : 0,
        height: shown ? Math.round(v.clientHeight * dpr) : 0 });
    }
    const text = JSON.stringify(list);
    if (!list.length || text === views.last) return;
    try {
      client.send({ type: 'video.view', views: list });
      views.last = text;
      state.views = list;
    } catch (e) { /* the socket is between connections: the next resize or layout sends it */ }
  }, 300);
}
const resizes = new ResizeObserver(reportViews);
document.addEventListener('visibilitychange', reportViews);

// Places the cart cameras: main + PiP, or side by side; everything else goes to the grid.
function layout() {
  const main = document.getElementById('main-slot');
  const pip = document.getElementById('pip-slot');
  const other = state.layout.main === 'camera:room' ? 'camera:exam' : 'camera:room';
  document.getElementById('stage').className = state.layout.mode;
  for (const tile of Object.values(tiles)) {
    const role = tile.dataset.role;
    const target = !isCartCamera(role) ? document.getElementById('tiles')
      : role === state.layout.main ? main : role === other ? pip : document.getElementById('tiles');
    if (tile.parentElement !== target) target.append(tile);
  }
  state.layout.pip = other;
  reportViews();
}

function addTrack({ track, info }) {
  if (tiles[info.trackId]) tiles[info.trackId].remove();
  tiles[info.trackId] = makeTile(info, track);
  state.tracks[info.trackId] = { role: info.role, participantId: info.participantId, kind: info.kind, codec: info.codec };
  if (isCartCamera(info.role)) state.cartId = info.participantId;
  layout();
  tr.log(`receiving ${info.role} from ${nameOf(info.participantId)}`);
}

function removeTrack(info) {
  if (tiles[info.trackId]) { tiles[info.trackId].remove(); delete tiles[info.trackId]; }
  if (state.tracks[info.trackId]) {
    delete state.tracks[info.trackId];
    state.removed.push(info.trackId);
    tr.log(`${info.role} from ${nameOf(info.participantId)} ended`);
  }
}

// A cart's microphone muted or unmuted (track.muted): its tile says so, and the MUTED badge shows
// while any cart microphone is muted.
function onTrackMuted(m) {
  state.muted[m.trackId] = m.muted;
  const tile = tiles[m.trackId];
  if (tile) tile.querySelector('.tile-muted').hidden = !m.muted;
  const any = Object.entries(state.muted).some(([id, on]) => on && (!state.tracks[id] || state.tracks[id].kind === 'audio'));
  tr.badge('muted', any, 'CART MUTED');
  tr.log(`${nameOf(m.participantId)} ${m.muted ? 'muted' : 'unmuted'} a microphone`);
}

function showPrivacy() {
  const on = Object.values(state.privacy).some((v) => v);
  document.getElementById('privacy-banner').hidden = !on;
  tr.badge('privacy', on, 'PRIVACY');
}

function swap() {
  state.layout.mode = 'pip';
  state.layout.main = state.layout.main === 'camera:room' ? 'camera:exam' : 'camera:room';
  layout();
}

function sideBySide() {
  state.layout.mode = state.layout.mode === 'side-by-side' ? 'pip' : 'side-by-side';
  document.getElementById('side').setAttribute('aria-pressed', String(state.layout.mode === 'side-by-side'));
  layout();
}

// Sends a camera command to the cart; the result arrives as a camera.result event. Units are the
// cart profile's: pan and tilt in degrees, zoom in percent (100 = 1x).
async function ptz(command) {
  if (!state.cartId) { status('no cart camera in this round'); return null; }
  const msg = { type: 'camera.control', target: state.cartId, camera: document.getElementById('ptz-camera').value, ...command };
  try {
    const r = await client.request(msg, 'camera.sent');
    state.ptzSent++;
    return r;
  } catch (e) {
    document.getElementById('ptz-result').textContent = e.message;
    return null;
  }
}

// Press and hold: a move now, then one every PTZ_REPEAT_MS while the button is held (mouse, touch
// or the keyboard's Space/Enter); release, leaving the button or the window stops it.
const PTZ_REPEAT_MS = 250;
let ptzTimer = null;
let ptzHeld = null;
function ptzStart(button) {
  if (ptzHeld === button) return;
  ptzStop();
  ptzHeld = button;
  button.classList.add('held');
  const [axis, v] = button.dataset.ptz.split(':');
  const move = () => ptz({ action: 'relative', [axis]: Number(v) });
  move();
  ptzTimer = setInterval(move, PTZ_REPEAT_MS);
}
function ptzStop() {
  clearInterval(ptzTimer);
  ptzTimer = null;
  if (ptzHeld) ptzHeld.classList.remove('held');
  ptzHeld = null;
}

// The cart's cameras (axis ranges, preset names), as it announced them: fills the preset list.
function onCapabilities(participantId, cameras) {
  if (!cameras) return;
  state.cameras = cameras;
  state.cartId = state.cartId || participantId;
  showPresets();
}

function showPresets() {
  const cam = (state.cameras || {})[document.getElementById('ptz-camera').value] || {};
  const names = cam.presets || [];
  const sel = document.getElementById('ptz-preset');
  sel.innerHTML = '';
  for (const n of names) sel.append(new Option(n, n));
  if (!names.length) sel.append(new Option('no presets', ''));
  sel.disabled = !names.length;
  document.getElementById('ptz-go').disabled = !names.length;
}

function onCameraResult(r) {
  state.cameraResults.push(r);
  document.getElementById('ptz-result').textContent = r.status === 'applied'
    ? `applied ${JSON.stringify(r.applied)}` : `unsupported: ${r.reason}`;
}

async function join() {
  document.getElementById('join').disabled = true;
  try {
    client = window.trClient = new TeleroundsClient({ room, token: await tr.token('expert', room), name: tr.params.get('name') || undefined });
    client.addEventListener('track', (e) => addTrack(e.detail));
    client.addEventListener('track-removed', (e) => removeTrack(e.detail));
    client.addEventListener('participant-joined', (e) => {
      state.participants[e.detail.participantId] = e.detail;
      onCapabilities(e.detail.participantId, e.detail.cameras);
      tr.log(`${e.detail.name} (${e.detail.role}) joined`);
    });
    client.addEventListener('participant-left', (e) => {
      state.left = (state.left || []).concat(e.detail.participantId);
      tr.log(`${nameOf(e.detail.participantId)} left`);
    });
    // Another participant's connection dropped: it is still in the round while it reconnects.
    client.addEventListener('participant-reconnecting', (e) => {
      state.reconnectingSeen = (state.reconnectingSeen || 0) + 1;
      status(`${nameOf(e.detail.participantId)} is reconnecting…`);
    });
    client.addEventListener('participant-resumed', (e) => status(`${nameOf(e.detail.participantId)} is back`));
    client.addEventListener('camera-result', (e) => onCameraResult(e.detail));
    client.addEventListener('camera-capabilities', (e) => onCapabilities(e.detail.participantId, e.detail.cameras));
    client.addEventListener('privacy', (e) => {
      state.privacy[e.detail.participantId] = e.detail.on;
      showPrivacy();
      tr.log(`privacy mode ${e.detail.on ? 'on' : 'off'} at ${nameOf(e.detail.participantId)}`);
    });
    client.addEventListener('track-muted', (e) => onTrackMuted(e.detail));
    client.addEventListener('participant-left', (e) => {
      delete state.privacy[e.detail.participantId];
      showPrivacy();
    });
    client.addEventListener('error', (e) => { state.errors.push(e.detail); status(`error: ${e.detail.message}`, true); });
    tr.watchConnection(client);
    client.addEventListener('connection', (e) => { state.connection = e.detail.state; state.connections.push(e.detail.state); });
    // A reconnect rebuilt the media connections: the old tiles go, the new offer brings them back.
    client.addEventListener('media-reset', () => {
      views.last = ''; // new connections: the server knows no views yet
      for (const id of Object.keys(tiles)) { tiles[id].remove(); delete tiles[id]; }
      state.tracks = {};
    });
    // Resumed: same participant, same media connections; only the signaling connection was new.
    client.addEventListener('resumed', () => {
      state.resumes = (state.resumes || 0) + 1;
      status(`back in room ${room}`);
    });
    client.addEventListener('rejoined', (e) => {
      state.rejoins = (state.rejoins || 0) + 1;
      state.privacy = {};
      state.muted = {};
      showPrivacy();
      tr.badge('muted', false);
      e.detail.participants.forEach((p) => { state.participants[p.participantId] = p; onCapabilities(p.participantId, p.cameras); });
      status(`back in room ${room}`);
    });
    if (window.trCaptions) window.trCaptions.attach(client);
    const joined = await client.connect();
    joined.participants.forEach((p) => { state.participants[p.participantId] = p; onCapabilities(p.participantId, p.cameras); });
    state.joined = true;
    reportViews();
    status(`joined room ${room}; ${joined.tracks.length} track(s) live`);
    document.getElementById('leave').disabled = false;
    document.getElementById('join').hidden = true;
  } catch (e) {
    state.errors.push({ message: e.message });
    status(`could not join: ${e.message}`);
    document.getElementById('join').disabled = false;
  }
}

document.getElementById('join').onclick = join;
document.getElementById('leave').onclick = () => {
  if (client) client.leave();
  ptzStop();
  state.joined = false;
  document.getElementById('leave').disabled = true;
  document.getElementById('join').disabled = false;
  document.getElementById('join').hidden = false;
  status('left the round');
};
document.getElementById('swap').onclick = swap;
document.getElementById('side').onclick = sideBySide;
document.querySelectorAll('[data-ptz]').forEach((b) => {
  b.addEventListener('pointerdown', (e) => { if (e.button === 0) { b.setPointerCapture(e.pointerId); ptzStart(b); } });
  ['pointerup', 'pointercancel', 'lostpointercapture', 'blur'].forEach((ev) => b.addEventListener(ev, ptzStop));
  b.addEventListener('keydown', (e) => { if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) { e.preventDefault(); ptzStart(b); } });
  b.addEventListener('keyup', (e) => { if (e.key === ' ' || e.key === 'Enter') ptzStop(); });
  b.addEventListener('contextmenu', (e) => e.preventDefault()); // a long touch is a hold, not a menu
});
window.addEventListener('blur', ptzStop);
document.addEventListener('visibilitychange', () => { if (document.hidden) ptzStop(); });
document.getElementById('ptz-camera').onchange = showPresets;
document.getElementById('ptz-go').onclick = () => ptz({ action: 'preset', preset: document.getElementById('ptz-preset').value });
Object.assign(window, { trSwap: swap, trSideBySide: sideBySide, trPtz: ptz, trPtzStart: ptzStart, trPtzStop: ptzStop });
if (tr.params.get('autostart') === '1') join();
