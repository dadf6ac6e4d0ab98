// The auditor's page: search recorded rounds, play one with its transcript beside the video,
// download its files. REST API: docs/recording.md. Every call is audited by the server.
'use strict';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const state = { token: params.get('token'), rounds: [], round: null, cues: [], offsetMs: 0, error: null };
window.auditState = state;

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
  if (isError) state.error = text;
}

async function api(path) {
  const r = await fetch(path, { headers: { Authorization: `Bearer ${state.token}` } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(body.message || `HTTP ${r.status}`);
    e.status = r.status;
    e.code = body.code;
    throw e;
  }
  return body;
}

async function token() {
  if (state.token) return;
  const r = await fetch('/api/dev/token?role=auditor&room=*');
  if (!r.ok) throw new Error('add ?token=… (an auditor token) to this page address');
  state.token = (await r.json()).token;
  $('who').textContent = 'dev auditor';
}

const fmtTime = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const fmtLen = (ms) => { const s = Math.round(ms / 1000); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; };
const clock = (ms) => fmtLen(ms);

async function search(e) {
  if (e) e.preventDefault();
  const q = new URLSearchParams();
  for (const el of $('search').elements) if (el.name && el.value) q.set(el.name, el.value);
  status('searching…');
  try {
    const body = await api(`/api/rounds?${q}`);
    state.rounds = body.rounds;
    const tbody = $('rounds').querySelector('tbody');
    tbody.replaceChildren();
    for (const r of body.rounds) {
      const tr = document.createElement('tr');
      tr.dataset.round = r.roundId;
      const pending = r.status === 'in-progress';
      const cells = pending
        ? [fmtTime(r.startedMillis), '…', '–', '–', '–', 'being recorded or finished; search again in a minute']
        : [fmtTime(r.startedMillis), fmtLen(r.endedMillis - r.startedMillis), r.cartId || '–', r.ward || '–',
          r.participants.join(', '), r.status + (r.legalHold.on ? ' · legal hold' : '')];
      for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
      const td = document.createElement('td');
      if (!pending) {
        const open = document.createElement('button');
        open.textContent = 'Open';
        open.className = 'open';
        open.onclick = () => openRound(r.roundId);
        td.append(open);
      }
      tr.append(td);
      tbody.append(tr);
    }
    $('rounds').hidden = false;
    status(`${body.rounds.length} round(s)`);
  } catch (err) {
    status(`search failed: ${err.message}`, true);
  }
}

async function openRound(id) {
  status('loading round…');
  try {
    const { round, manifest } = await api(`/api/rounds/${encodeURIComponent(id)}`);
    state.round = { summary: round, manifest };
    $('round-title').textContent = `${fmtTime(round.startedMillis)} · ${round.cartId || round.room} · ${round.ward || ''}`;
    $('round').hidden = false;
    files(manifest);
    const video = $('video');
    if (manifest.composite) {
      const link = await api(`/api/rounds/${encodeURIComponent(id)}/download?key=${encodeURIComponent(manifest.composite.key)}`);
      video.src = link.url;
    } else {
      video.removeAttribute('src');
    }
    await transcript(id);
    status(readiness(manifest), manifest.status !== 'complete');
  } catch (err) {
    status(`cannot open the round: ${err.message}`, true);
  }
}

/** What the round's status means for whoever plays it: gaps are named with their cause and times. */
function readiness(manifest) {
  const gaps = [];
  for (const t of manifest.tracks || []) {
    for (const g of t.gaps || []) {
      gaps.push(`${t.role} ${fmtLen(g.endMillis - g.startMillis)} from ${fmtTime(g.startMillis)} (${g.cause})`);
    }
  }
  if (manifest.status === 'complete') return 'ready';
  if (manifest.status === 'incomplete') {
    return 'ready (the recording is incomplete: the server stopped during it)' + (gaps.length ? `; gaps: ${gaps.join('; ')}` : '');
  }
  return `ready (the recording has gaps: ${gaps.join('; ')})`;
}

function files(manifest) {
  const list = $('files');
  list.replaceChildren();
  const entries = [];
  if (manifest.composite) entries.push(['Composite (cameras side by side, audio mixed)', manifest.composite]);
  for (const t of manifest.tracks || []) if (t.file) entries.push([`${t.role} (${t.codec})`, t.file]);
  for (const t of manifest.transcripts || []) entries.push(['Transcript', t]);
  entries.push(['Manifest', { key: `rounds/${manifest.roundId}/manifest.json` }]);
  for (const [label, f] of entries) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.textContent = 'Download';
    b.onclick = async () => {
      try {
        const link = await api(`/api/rounds/${encodeURIComponent(manifest.roundId)}/download?key=${encodeURIComponent(f.key)}`);
        location.assign(link.url);
      } catch (err) { status(`download refused: ${err.message}`, true); }
    };
    li.append(b, ` ${label}`, f.size ? ` · ${(f.size / 1048576).toFixed(1)} MiB · sha256 ${f.sha256.slice(0, 12)}…` : '');
    list.append(li);
  }
}

async function transcript(id) {
  const ol = $('cues');
  ol.replaceChildren();
  state.cues = [];
  try {
    const body = await api(`/api/rounds/${encodeURIComponent(id)}/transcript`);
    state.cues = body.transcript.captions || [];
    // Cue times count from the transcript's own zero; the composite's from the recording's start.
    const t0 = body.transcript.startedMillis;
    const r0 = state.round && state.round.manifest.startedMillis;
    state.offsetMs = t0 && r0 ? t0 - r0 : 0;
  } catch (err) {
    if (err.status !== 404) throw err;
  }
  if (!state.cues.length) {
    const li = document.createElement('li');
    li.textContent = 'No transcript for this round.';
    ol.append(li);
    return;
  }
  for (const c of state.cues) {
    const li = document.createElement('li');
    li.className = 'cue';
    li.dataset.start = c.start;
    const at = Math.max(0, c.start + state.offsetMs);
    const t = document.createElement('span'); t.className = 'when'; t.textContent = clock(at);
    const who = document.createElement('span'); who.className = 'role'; who.textContent = c.label || c.role;
    li.append(t, ' ', who, ' ', c.text);
    li.tabIndex = 0; // keyboard: Tab to a line, Enter or Space plays from it
    li.onclick = () => { $('video').currentTime = at / 1000; $('video').play().catch(() => {}); };
    li.onkeydown = (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); li.onclick(); } };
    ol.append(li);
  }
}

$('video').addEventListener('timeupdate', () => {
  const now = $('video').currentTime * 1000 - state.offsetMs;
  for (const li of $('cues').children) {
    const c = state.cues.find((x) => String(x.start) === li.dataset.start);
    li.classList.toggle('now', !!c && now >= c.start && now <= c.end + 500);
  }
});
$('search').addEventListener('submit', search);

token().then(() => search()).catch((err) => status(err.message, true));
