// The remote expert page: both cart cameras as main view + picture-in-picture (swappable, or side
// by side), every other track labelled with participant and role, and camera control.
'use strict';
const room = tr.params.get('room') || 'ward7-bed12';
const state = window.trState = { joined: false, tracks: {}, removed: [], errors: [], participants: {},
  layout: { mode: 'pip', main: 'camera:room' }, cameraResults: [], privacy: {} };
document.getElementById('room').textContent = `room ${room}`;
const status = (s) => { document.getElementById('status').textContent = s; tr.log(s); };
const tiles = {}; // trackId -> tile element
let client;

const nameOf = (pid) => (state.participants[pid] && state.participants[pid].name) || pid;
const isCartCamera = (role) => role === 'camera:room' || role === 'camera:exam';

function makeTile(info, track) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.id = `tile-${info.trackId}`;
  tile.dataset.role = info.role;
  const media = document.createElement(info.kind === 'video' ? 'video' : 'audio');
  media.autoplay = true;
  media.playsInline = true;
  if (info.kind === 'audio') media.controls = true;
  media.srcObject = new MediaStream([track]);
  const label = document.createElement('div');
  label.className = 'label';
  label.innerHTML = '<span class="who"></span> · <span class="role"></span>';
  label.querySelector('.who').textContent = nameOf(info.participantId);
  label.querySelector('.role').textContent = info.role;
  tile.append(media, label);
  return tile;
}

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

function swap() {
  state.layout.mode = 'pip';
  state.layout.main = state.layout.main === 'camera:room' ? 'camera:exam' : 'camera:room';
  layout();
}

function sideBySide() {
  state.layout.mode = state.layout.mode === 'side-by-side' ? 'pip' : 'side-by-side';
  layout();
}

// Sends a camera command to the cart; the result arrives as a camera.result event. Units are the
// cart profile's: pan and tilt in degrees, zoom in percent (100 = 1x).
async function ptz(command) {
  if (!state.cartId) { status('no cart camera in this round'); return null; }
  const msg = { type: 'camera.control', target: state.cartId, camera: document.getElementById('ptz-camera').value, ...command };
  try {
    return await client.request(msg, 'camera.sent');
  } catch (e) {
    document.getElementById('ptz-result').textContent = e.message;
    return null;
  }
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
    client.addEventListener('participant-left', (e) => tr.log(`${nameOf(e.detail.participantId)} left`));
    client.addEventListener('camera-result', (e) => onCameraResult(e.detail));
    client.addEventListener('camera-capabilities', (e) => onCapabilities(e.detail.participantId, e.detail.cameras));
    client.addEventListener('privacy', (e) => {
      state.privacy[e.detail.participantId] = e.detail.on;
      document.getElementById('privacy-banner').hidden = !e.detail.on;
      tr.log(`privacy mode ${e.detail.on ? 'on' : 'off'} at ${nameOf(e.detail.participantId)}`);
    });
    client.addEventListener('error', (e) => { state.errors.push(e.detail); status(`error: ${e.detail.message}`); });
    client.addEventListener('closed', () => status('disconnected'));
    if (window.trCaptions) window.trCaptions.attach(client);
    const joined = await client.connect();
    joined.participants.forEach((p) => { state.participants[p.participantId] = p; onCapabilities(p.participantId, p.cameras); });
    state.joined = true;
    status(`joined room ${room}; ${joined.tracks.length} track(s) live`);
    document.getElementById('leave').disabled = false;
  } catch (e) {
    state.errors.push({ message: e.message });
    status(`could not join: ${e.message}`);
    document.getElementById('join').disabled = false;
  }
}

document.getElementById('join').onclick = join;
document.getElementById('leave').onclick = () => { client && client.leave(); status('left'); };
document.getElementById('swap').onclick = swap;
document.getElementById('side').onclick = sideBySide;
document.querySelectorAll('[data-ptz]').forEach((b) => {
  const [axis, v] = b.dataset.ptz.split(':');
  b.onclick = () => ptz({ action: 'relative', [axis]: Number(v) });
});
document.getElementById('ptz-camera').onchange = showPresets;
document.getElementById('ptz-go').onclick = () => ptz({ action: 'preset', preset: document.getElementById('ptz-preset').value });
Object.assign(window, { trSwap: swap, trSideBySide: sideBySide, trPtz: ptz });
if (tr.params.get('autostart') === '1') join();
