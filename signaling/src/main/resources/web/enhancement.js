// Voice enhancement on the expert page (docs/audio.md#live-enhancement): the room's on/off switch,
// each cart's input (patient mic) and output (voice:enhanced) level from `enhancement.levels`, and
// a listening choice: the enhanced voice, or the raw cart microphones. The stethoscope is never
// affected. Loaded before expert.js; it finds the client through the `telerounds-client` event.
'use strict';
(() => {
  const st = window.trEnhancement = { available: false, enabled: null, carts: [], levels: {}, listen: 'enhanced', errors: [] };
  let client = null;
  const panel = document.createElement('div');
  panel.id = 'enhancement';
  panel.innerHTML = '<strong>Voice enhancement</strong>'
    + ' <label><input type="checkbox" id="enh-enabled" disabled> on</label>'
    + ' <label>listen to <select id="enh-listen"><option value="enhanced">enhanced voice</option>'
    + '<option value="raw">raw cart mics</option></select></label>'
    + ' <span id="enh-levels">no cart voice yet</span>';
  const anchor = document.getElementById('view-controls');
  if (anchor) anchor.after(panel); else document.body.prepend(panel);
  const toggle = panel.querySelector('#enh-enabled');
  const listen = panel.querySelector('#enh-listen');
  const levelsText = panel.querySelector('#enh-levels');
  const nameOf = (pid) => { const p = (window.trState && window.trState.participants[pid]) || {}; return p.name || pid; };
  const db = (v) => (v <= -119 ? 'silent' : `${v.toFixed(1)} dBFS`);

  function onState(m) {
    st.available = m.available;
    st.enabled = m.enabled;
    st.carts = m.carts || [];
    toggle.checked = !!m.enabled;
    toggle.disabled = !m.available;
    if (!m.available) levelsText.textContent = 'not available on this server';
    else if (!m.enabled) { st.levels = {}; levelsText.textContent = 'off: raw cart mics only'; }
    applyListening();
  }

  function onLevels(m) {
    for (const c of m.carts) st.levels[c.participantId] = c;
    levelsText.textContent = m.carts.map((c) => `${nameOf(c.participantId)} (${c.preset}): in ${db(c.inputDbfs)}`
      + ` → out ${db(c.outputDbfs)}`).join('; ');
  }

  async function setEnabled(on) {
    if (!client) return null;
    try {
      const r = await client.request({ type: 'enhancement', enabled: on }, 'enhancement.state');
      onState(r);
      return r;
    } catch (e) {
      st.errors.push(e.message);
      toggle.checked = !!st.enabled;
      levelsText.textContent = e.message;
      return null;
    }
  }

  // Mutes the path not chosen: with the enhanced voice present and chosen, the raw mics are muted.
  // (Chromium then stops decoding a muted track for playout: its getStats audio level reads 0.)
  function applyListening() {
    const enhanced = document.querySelectorAll('[data-role="voice:enhanced"] audio');
    const useEnhanced = st.listen === 'enhanced' && enhanced.length > 0;
    const blocked = !!(window.tr && tr.soundBlocked); // the browser's autoplay policy: muted until a click
    enhanced.forEach((a) => { a.muted = !useEnhanced || blocked; });
    document.querySelectorAll('[data-role="mic:patient"] audio, [data-role="mic:room"] audio')
      .forEach((a) => { a.muted = useEnhanced || blocked; });
  }

  function setListen(choice) {
    st.listen = choice === 'raw' ? 'raw' : 'enhanced';
    listen.value = st.listen;
    applyListening();
  }

  window.addEventListener('telerounds-client', (e) => {
    client = e.detail;
    client.addEventListener('enhancement-state', (ev) => onState(ev.detail));
    client.addEventListener('enhancement-levels', (ev) => onLevels(ev.detail));
  });
  toggle.onchange = () => setEnabled(toggle.checked);
  listen.onchange = () => setListen(listen.value);
  window.addEventListener('telerounds-sound', applyListening);
  new MutationObserver(applyListening).observe(document.body, { childList: true, subtree: true });
  Object.assign(window, { trSetEnhancement: setEnabled, trListen: setListen });
})();
