// The bedside cart page: maps cart inputs to roles, publishes them, and obeys the operator
// (privacy, mute, device choice) and remote experts (camera control). Protocol: docs/protocol.md.
'use strict';
const room = tr.params.get('room') || 'ward7-bed12';
const state = window.trState = { joined: false, published: [], errors: [], privacy: false, muted: false,
  devices: {}, commands: [] };
document.getElementById('room').textContent = `room ${room}`;
const status = (s) => { document.getElementById('status').textContent = s; tr.log(s); };
const tracks = {}; // role -> MediaStreamTrack
let client;

// Each role is played by the first unused device whose label matches the role's pattern (a regular
// expression). Patterns come from the page address (?roomCamera=, ?examCamera=, ?patientMic=,
// ?roomMic=) until the signed cart profile supplies them; without a pattern a role takes the next
// unused device. The room mic may also be `?roomAudio=tone|<wav url>`, rendered through WebAudio.
const ROLE_PARAMS = { 'camera:room': 'roomCamera', 'camera:exam': 'examCamera', 'mic:patient': 'patientMic', 'mic:room': 'roomMic' };

function pickDevice(devices, pattern, used) {
  const re = pattern ? new RegExp(pattern, 'i') : null;
  return devices.find((d) => !used.has(d.deviceId) && (!re || re.test(d.label)));
}

async function mapDevices() {
  const first = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  first.getTracks().forEach((t) => t.stop());
  const all = await navigator.mediaDevices.enumerateDevices();
  const cams = all.filter((d) => d.kind === 'videoinput');
  const audio = all.filter((d) => d.kind === 'audioinput');
  const real = audio.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
  const mics = real.length ? real : audio;
  const map = {};
  const used = new Set();
  const wanted = tr.params.get('cameras') === '1' ? ['camera:room', 'mic:patient', 'mic:room']
    : ['camera:room', 'camera:exam', 'mic:patient', 'mic:room'];
  for (const role of wanted) {
    const d = pickDevice(role.startsWith('camera:') ? cams : mics, tr.params.get(ROLE_PARAMS[role]), used);
    if (d) { map[role] = d; used.add(d.deviceId); }
  }
  return { map, cams, mics };
}

async function openTrack(role, device) {
  const video = role.startsWith('camera:');
  const c = video
    ? { video: { deviceId: { exact: device.deviceId }, width: 640, height: 480, pan: true, tilt: true, zoom: true } }
    : { audio: { deviceId: { exact: device.deviceId } } };
  const s = await navigator.mediaDevices.getUserMedia(c);
  return video ? s.getVideoTracks()[0] : s.getAudioTracks()[0];
}

async function synthRoomAudio(source) {
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

function showDevices(map, cams, mics) {
  const body = document.querySelector('#devices tbody');
  body.innerHTML = '';
  for (const role of Object.keys(tracks)) {
    const row = document.createElement('tr');
    const options = role.startsWith('camera:') ? cams : mics;
    const sel = document.createElement('select');
    sel.dataset.role = role;
    for (const d of options) {
      const o = document.createElement('option');
      o.value = d.deviceId;
      o.textContent = d.label || d.deviceId;
      if (map[role] && map[role].deviceId === d.deviceId) o.selected = true;
      sel.append(o);
    }
    if (!map[role]) sel.innerHTML = '<option>generated in page (WebAudio)</option>';
    sel.onchange = () => switchDevice(role, options.find((d) => d.deviceId === sel.value));
    row.innerHTML = `<td><span class="role">${role}</span></td><td></td>`;
    row.children[1].append(sel);
    body.append(row);
    state.devices[role] = map[role] ? (map[role].label || map[role].deviceId) : 'webaudio';
  }
}

// The operator fixes the mapping: the new device's track replaces the old one without renegotiating.
async function switchDevice(role, device) {
  const t = await openTrack(role, device);
  await client.senders[role].replaceTrack(t);
  tracks[role].stop();
  tracks[role] = t;
  state.devices[role] = device.label || device.deviceId;
  status(`${role} now uses ${state.devices[role]}`);
}

function preview(role, track) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  const v = document.createElement('video');
  v.autoplay = true; v.muted = true; v.playsInline = true;
  v.srcObject = new MediaStream([track]);
  const label = document.createElement('div');
  label.className = 'label';
  label.innerHTML = 'Local preview · <span class="role"></span>';
  label.querySelector('.role').textContent = role;
  tile.append(v, label);
  document.getElementById('tiles').append(tile);
}

async function start() {
  document.getElementById('start').disabled = true;
  try {
    status('finding cameras and microphones…');
    const { map, cams, mics } = await mapDevices();
    for (const [role, device] of Object.entries(map)) tracks[role] = await openTrack(role, device);
    if (!tracks['mic:room'] && tr.params.get('roomAudio')) tracks['mic:room'] = await synthRoomAudio(tr.params.get('roomAudio'));
    Object.entries(tracks).filter(([r]) => r.startsWith('camera:')).forEach(([r, t]) => preview(r, t));
    showDevices(map, cams, mics);
    client = window.trClient = new TeleroundsClient({ room, token: await tr.token('cart', room), name: 'cart' });
    client.addEventListener('error', (e) => { state.errors.push(e.detail); status(`error: ${e.detail.message}`); });
    client.addEventListener('closed', () => status('disconnected'));
    client.addEventListener('camera-command', (e) => onCameraCommand(e.detail));
    await client.connect();
    state.joined = true;
    const roleOf = (t) => Object.keys(tracks).find((r) => tracks[r] === t);
    const stream = new MediaStream(Object.values(tracks));
    state.published = await client.publish(stream, roleOf, { videoCodec: tr.params.get('codec') || undefined });
    status(`live: ${state.published.map((t) => `${t.role} (${t.codec})`).join(', ')}`);
    ['leave', 'privacy', 'mute'].forEach((id) => { document.getElementById(id).disabled = false; });
  } catch (e) {
    state.errors.push({ message: e.message });
    status(`could not start: ${e.message}`);
    document.getElementById('start').disabled = false;
  }
}

async function setPrivacy(on) {
  await client.request({ type: 'privacy', on }, 'privacy');
  state.privacy = on;
  document.getElementById('privacy').textContent = `Privacy: ${on ? 'ON — video stopped' : 'off'}`;
  status(on ? 'privacy mode on: no video leaves the cart' : 'privacy mode off');
}

async function setMuted(muted) {
  for (const t of state.published.filter((p) => p.kind === 'audio')) {
    await client.request({ type: 'mute', trackId: t.trackId, muted }, 'track.muted');
  }
  state.muted = muted;
  document.getElementById('mute').textContent = muted ? 'Unmute' : 'Mute';
  status(muted ? 'microphones muted' : 'microphones live');
}

// A remote expert steers a camera. Applies pan/tilt/zoom where the camera supports them.
async function onCameraCommand(cmd) {
  state.commands.push(cmd);
  const reply = (status, extra) => client.send({ type: 'camera.result', requestId: cmd.requestId, status, ...extra });
  const track = tracks[cmd.camera];
  if (!track) return reply('unsupported', { reason: `this cart has no ${cmd.camera}` });
  const caps = track.getCapabilities ? track.getCapabilities() : {};
  const axes = ['pan', 'tilt', 'zoom'].filter((a) => cmd[a] !== undefined);
  if (cmd.action === 'preset') return reply('unsupported', { reason: 'no camera presets are configured for this cart' });
  const supported = axes.filter((a) => caps[a]);
  if (!supported.length) return reply('unsupported', { reason: `${cmd.camera} has no ${axes.join('/')} control` });
  const now = track.getSettings();
  const target = {};
  for (const a of supported) {
    const v = cmd.action === 'relative' ? (now[a] || 0) + cmd[a] : cmd[a];
    target[a] = Math.min(caps[a].max, Math.max(caps[a].min, v));
  }
  try {
    await track.applyConstraints({ advanced: [target] });
    const s = track.getSettings();
    reply('applied', { applied: Object.fromEntries(supported.map((a) => [a, s[a]])) });
  } catch (e) {
    reply('unsupported', { reason: e.message });
  }
}

function leave() {
  if (client) client.leave();
  Object.values(tracks).forEach((t) => t.stop());
  state.joined = false;
  state.left = true;
  status('left the round');
  ['leave', 'privacy', 'mute'].forEach((id) => { document.getElementById(id).disabled = true; });
}

document.getElementById('start').onclick = start;
document.getElementById('leave').onclick = leave;
document.getElementById('privacy').onclick = () => setPrivacy(!state.privacy);
document.getElementById('mute').onclick = () => setMuted(!state.muted);
Object.assign(window, { trLeave: leave, trPrivacy: setPrivacy, trMute: setMuted });
if (tr.params.get('autostart') === '1') start();
