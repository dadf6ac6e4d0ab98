// Live captions on the expert page: caption.partial / caption.final events (docs/protocol.md) as a
// live line per speaker and a scrollable transcript labelled with who spoke, plus why captions are
// off when they are (captions.state). Loaded before expert.js, which calls trCaptions.attach(client).
'use strict';
(() => {
  const st = window.trCaptionsState = { state: null, partials: 0, finals: [], roundStartedMillis: null };
  const open = {}; // "participant|role" -> { utterance, el } of the utterance still being spoken
  const firstPartial = {}; // "participant|role|utterance" -> round-clock ms its first partial arrived
  let box;

  function ui() {
    if (box) return box;
    box = document.getElementById('captions');
    if (!box) { box = document.createElement('section'); box.id = 'captions'; document.querySelector('main').append(box); }
    box.innerHTML = '<h2>Live captions <span class="captions-state"></span></h2><ol class="transcript" aria-live="polite" tabindex="0" aria-label="transcript (scroll with the arrow keys)"></ol>';
    return box;
  }

  const ms = (t) => { const s = Math.max(0, Math.floor(t / 1000)); return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`; };

  function line(c) {
    const li = document.createElement('li');
    li.innerHTML = '<span class="at"></span> <span class="who"></span> <span class="role"></span> <span class="text"></span>';
    li.querySelector('.at').textContent = ms(c.start);
    li.querySelector('.who').textContent = c.label;
    li.querySelector('.role').textContent = c.role;
    return li;
  }

  function show(c) {
    const list = ui().querySelector('.transcript');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    const key = `${c.participant}|${c.role}`;
    let o = open[key];
    if (!o || o.utterance !== c.utterance) {
      o = open[key] = { utterance: c.utterance, el: line(c) };
      list.append(o.el);
    }
    o.el.querySelector('.text').textContent = c.text;
    o.el.classList.toggle('partial', c.type === 'caption.partial');
    if (c.type === 'caption.final') {
      delete open[key];
      if (!c.text) o.el.remove(); // the partials were noise
    }
    if (atBottom) list.scrollTop = list.scrollHeight; // follow the round unless the reader scrolled up
  }

  function onState(m) {
    st.state = m;
    if (m.roundStartedMillis) st.roundStartedMillis = m.roundStartedMillis;
    ui().querySelector('.captions-state').textContent = m.available
      ? (m.loading ? '(starting…)' : '') : `— off: ${m.reason}`;
    if (window.tr && tr.badge) tr.badge('captions', !m.available, 'CAPTIONS OFF', m.available ? '' : m.reason);
  }

  function onCaption(m) {
    // receipt time on the round's clock (same host clock as the server in tests)
    const received = st.roundStartedMillis ? Date.now() - st.roundStartedMillis : null;
    const key = `${m.participant}|${m.role}|${m.utterance}`;
    if (m.type === 'caption.partial') {
      st.partials++;
      if (!(key in firstPartial)) firstPartial[key] = received;
    } else {
      st.finals.push({ utterance: m.utterance, participant: m.participant, role: m.role, label: m.label,
        text: m.text, start: m.start, end: m.end, emitted: m.emitted, received, firstPartial: firstPartial[key] });
      delete firstPartial[key];
    }
    show(m);
  }

  window.trCaptions = {
    attach(client) {
      ui();
      client.addEventListener('captions.state', (e) => onState(e.detail));
      client.addEventListener('caption.partial', (e) => onCaption(e.detail));
      client.addEventListener('caption.final', (e) => onCaption(e.detail));
    },
  };
})();
