// Page helpers shared by the cart and expert pages (loaded after telerounds.js): the status line,
// state badges, the connection-quality line, playback under the browser's autoplay policy, and the
// debug log. docs/pages.md describes what each state means.
'use strict';
const CONNECTION_TEXT = { connecting: 'CONNECTING', live: 'LIVE', reconnecting: 'RECONNECTING', offline: 'OFFLINE', left: 'LEFT' };
const tr = {
  params: new URLSearchParams(location.search),
  log(msg) {
    const el = document.getElementById('log');
    if (el) el.textContent = `${new Date().toLocaleTimeString()} ${msg}\n` + el.textContent;
  },
  async token(role, room, sub) {
    return tr.params.get('token') || TeleroundsClient.devToken(role, room, sub);
  },
  // The status line (an aria-live region in the page): plain words; `error` colours it.
  status(text, error) {
    const el = document.getElementById('status');
    if (el) { el.textContent = text; el.classList.toggle('error', !!error); }
    tr.log(text);
  },
  // A state badge: colour (CSS class badge-<name>) and its own words, never colour alone.
  badge(name, on, text, title) {
    const box = document.getElementById('badges');
    if (!box) return;
    let b = box.querySelector(`[data-badge="${name}"]`);
    if (!b) {
      b = document.createElement('span');
      b.dataset.badge = name;
      b.className = `badge badge-${name}`;
      box.append(b);
    }
    b.hidden = !on;
    if (text) b.textContent = text;
    if (title !== undefined) b.title = title;
  },
  // Shows the client's connection state (LIVE, RECONNECTING ...) and its quality every 2 s.
  watchConnection(client) {
    client.addEventListener('connection', (e) => {
      const d = e.detail;
      tr.connectionState = d.state;
      const b = document.getElementById('badges');
      if (b) b.dataset.connection = d.state;
      tr.badge('connection', true, CONNECTION_TEXT[d.state] || d.state.toUpperCase());
      const conn = document.querySelector('[data-badge="connection"]');
      conn.className = `badge badge-${d.state}`;
      if (d.state === 'reconnecting') {
        tr.status(`connection lost: reconnecting (attempt ${d.attempt || 1}${d.retryInMs ? `, next try in ${Math.ceil(d.retryInMs / 1000)} s` : ''})`, true);
      }
    });
    client.addEventListener('media-connection', (e) => {
      const d = e.detail;
      if (d.state === 'restored') tr.status(`${d.pc} media connection restored`);
      else if (d.state === 'restarting') tr.status(`${d.pc} media connection lost: restarting it (ICE restart)`, true);
    });
    clearInterval(tr.qualityTimer);
    tr.qualityTimer = setInterval(async () => {
      const el = document.getElementById('quality');
      if (!el) return;
      if (client.connection !== 'live') { el.textContent = ''; el.className = ''; return; }
      try {
        const q = await client.quality();
        tr.lastQuality = q;
        const parts = [`${q.level.toUpperCase()} link`];
        parts.push(`RTT ${q.rttMs === null ? '–' : `${q.rttMs} ms`}`);
        parts.push(`loss ${q.lossPct === null ? '–' : `${q.lossPct} %`}`);
        parts.push(`in ${fmtRate(q.rxKbps)}`);
        if (q.txKbps) parts.push(`out ${fmtRate(q.txKbps)}`);
        el.textContent = parts.join(' · ');
        el.className = `quality-${q.level}`;
      } catch (err) { /* a PeerConnection closed mid-read: next tick */ }
    }, 2000);
  },
  // Plays a <video> or <audio>. Video always plays muted (sound comes from <audio> elements), so
  // the browser's autoplay policy never leaves it black and paused. When the browser blocks sound,
  // audio plays muted and the page shows its "Click for sound" button until a click allows it.
  play(el) {
    if (el.tagName === 'VIDEO') {
      el.muted = true;
      el.play().catch((err) => tr.log(`video did not start: ${err.message}`));
      return;
    }
    if (tr.soundBlocked) { el.muted = true; el.play().catch(() => {}); return; }
    el.play().catch((err) => {
      if (err.name !== 'NotAllowedError') { tr.log(`audio did not start: ${err.message}`); return; }
      tr.blockSound();
      el.muted = true;
      el.play().catch(() => {});
    });
  },
  blockSound() {
    if (tr.soundBlocked) return;
    tr.soundBlocked = true;
    tr.badge('sound', true, 'SOUND OFF', 'the browser blocked sound until you click');
    const b = document.getElementById('sound');
    if (b) b.hidden = false;
    tr.status('the browser blocked sound: click "Click for sound" to hear the round', true);
    document.querySelectorAll('audio').forEach((a) => { a.muted = true; });
  },
  // The user's click: every audio element unmutes (page add-ons then re-apply their own choices).
  allowSound() {
    tr.soundBlocked = false;
    tr.badge('sound', false);
    const b = document.getElementById('sound');
    if (b) b.hidden = true;
    document.querySelectorAll('audio').forEach((a) => { a.muted = false; a.play().catch(() => {}); });
    window.dispatchEvent(new CustomEvent('telerounds-sound', { detail: { allowed: true } }));
    tr.status('sound on');
  },
};
const fmtRate = (kbps) => (kbps === null || kbps === undefined ? '–'
  : kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`);
window.tr = tr;
(() => { const b = document.getElementById('sound'); if (b) b.addEventListener('click', () => tr.allowSound()); })();
