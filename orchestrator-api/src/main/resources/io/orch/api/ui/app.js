// orch's live page. No framework and no build step: the agent serves this file as is. The page is a client of the
// JSON API like the CLI: it loads the whole state, then follows /v1/events and re-reads a stack whenever an event
// names it (an event is a hint, the stack's status is the truth), batching the work per animation frame.
'use strict';

const TOKEN_KEY = 'orch.token';
const FEED_MAX = 500;          // events kept in the feed (newest first)
const LOG_LINES_MAX = 2000;    // log lines kept in the logs panel
const SAMPLE_EVERY_MS = 2000;  // chart sampling period
const SAMPLES_MAX = 300;       // 10 minutes of samples
const RESYNC_EVERY_MS = 15000; // full reload, in case an event was missed

// Service status fields this page renders in their own column; any other field (added by a newer agent) is shown
// as is under the service, so new status fields appear without a page change.
const KNOWN_SERVICE_FIELDS = new Set(['stack', 'service', 'image', 'desired', 'running', 'healthy', 'restarts',
  'state', 'backoffUntil', 'lastError', 'notes', 'containers', 'rollout', 'ports', 'dependsOn', 'rolloutState',
  'autoscale', 'waitingFor']);
const HEALTH_OUTPUT_SHORT = 60; // a longer probe output shows its start, and opens in full on a click

const state = {
  stacks: new Map(),       // name -> StackDto
  feed: [],                // EventDto, newest first
  pendingEvents: [],
  dirtyStacks: new Set(),
  inFlight: new Map(),     // stack -> 'busy' | 'again'
  lastSeq: 0,
  samples: [],             // {t, running, desired, restarts}
  lastRestarts: null,
  types: new Set(),
  frameQueued: false,
  renderStacksQueued: false,
  lastStacksRender: -Infinity,
  logs: null,              // {stack, service, abort}
  lastExit: new Map(),     // container -> the last container.exited / container.oom event seen for it
  settle: new Map(),       // stack -> timer of its trailing re-read
  lastRead: new Map(),     // stack -> performance.now() of its last read
  stacksSignature: null,
  feedReset: false,        // a new agent process: the feed on screen belongs to the previous one
  rowCache: new Map(),     // stack + service -> {key, rows}: the service's table rows, reused while unchanged
  focus: null,             // a stack named in the URL (#stack=NAME): only it is shown
  openHealth: new Set(),   // containers whose health output the user opened: kept open across redraws
  othersOpen: false,       // the user opened the list of other stacks on this engine
};
const SETTLE_MS = 300;       // an event can come just before the agent publishes the status it caused: read again
const MIN_READ_GAP_MS = 250; // at most about four reads a second per stack
const STACKS_RENDER_GAP_MS = 400;

const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

// The token only ever travels in the Authorization header: never in a URL, never in a cookie.
function authHeaders(extra) {
  const h = Object.assign({}, extra || {});
  const t = token();
  if (t) h['Authorization'] = 'Bearer ' + t;
  return h;
}

async function api(method, path, body) {
  const init = { method, headers: authHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    const err = new Error((json && json.error && json.error.message) || (res.status + ' ' + res.statusText));
    err.status = res.status;
    throw err;
  }
  return json;
}

// ---------------------------------------------------------------------------------------------- DOM helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) el.setAttribute(k, String(v));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// coarse: minutes without seconds (uptimes), so a replica's row changes once a minute, not every second.
function duration(ms, coarse) {
  let s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60); s %= 60;
  if (m < 60) return m + ' min' + (s && !coarse ? ' ' + s + ' s' : '');
  const hr = Math.floor(m / 60);
  if (hr < 48) return hr + ' h ' + (m % 60) + ' min';
  return Math.floor(hr / 24) + ' d ' + (hr % 24) + ' h';
}

const TIME_FORMAT = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
function clock(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : TIME_FORMAT.format(d);
}

function showMessage(text, kind) {
  const m = $('message');
  m.textContent = text;
  m.dataset.kind = kind || 'ok';
  m.hidden = !text;
}

// ---------------------------------------------------------------------------------------------- state loading

async function loadAll() {
  const [info, summaries] = await Promise.all([api('GET', '/v1/info').catch(() => null), api('GET', '/v1/stacks')]);
  if (info) {
    $('agent-info').textContent = 'agent ' + info.version + ' · engine ' + (info.engineVersion || '?') + ' · up '
      + duration(info.uptimeSeconds * 1000);
  }
  const names = (summaries || []).map((s) => s.name);
  const stacks = await Promise.all(names.map((n) => api('GET', '/v1/stacks/' + encodeURIComponent(n))
    .catch((e) => (e.status === 404 ? null : { name: n, services: [], error: e.message }))));
  state.stacks = new Map(stacks.filter(Boolean).map((s) => [s.name, s]));
  renderStacks();
  renderStackFilter();
}

async function refreshStack(name) {
  if (state.inFlight.has(name)) { state.inFlight.set(name, 'again'); return; }
  state.inFlight.set(name, 'busy');
  state.lastRead.set(name, performance.now());
  try {
    const s = await api('GET', '/v1/stacks/' + encodeURIComponent(name));
    state.stacks.set(name, s);
  } catch (e) {
    if (e.status === 404) state.stacks.delete(name);
  } finally {
    const again = state.inFlight.get(name) === 'again';
    state.inFlight.delete(name);
    queueStacksRender();
    if (again) refreshStack(name);
  }
}

// ---------------------------------------------------------------------------------------------- event stream

// The stream is read with fetch rather than EventSource: fetch can send the Authorization header (an agent that
// listens beyond loopback wants it for reads) and the Last-Event-ID header on every resume, which we control.
async function followEvents() {
  let first = true;
  for (;;) {
    try {
      if (!first) await loadAll();       // after a drop (or an agent restart) the state is read again in full
      first = false;
      const headers = authHeaders({ Accept: 'text/event-stream' });
      let url = '/v1/events';
      if (state.lastSeq > 0) headers['Last-Event-ID'] = String(state.lastSeq);
      else url += '?since=0';            // a fresh tab shows the agent's recent history too
      const res = await fetch(url, { headers, cache: 'no-store' });
      if (!res.ok) throw new Error('events: ' + res.status);
      setConn('live');
      await readEventStream(res.body.getReader());
    } catch (e) {
      // network error or agent gone: retried below
    }
    setConn('reconnecting');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function readEventStream(reader) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let data = null;
      for (const line of frame.split('\n')) {
        if (line.startsWith('data:')) data = (data === null ? '' : data + '\n') + line.slice(5).trimStart();
      }
      if (data !== null) onEvent(JSON.parse(data));
    }
  }
}

function onEvent(e) {
  if (e.seq <= state.lastSeq && state.lastSeq > 0) {
    // Sequence numbers start again at 1 in a new agent process: the old feed belongs to the previous one.
    state.feed = [];
    state.pendingEvents = [];
    state.lastExit.clear();
    state.feedReset = true;
  }
  state.lastSeq = e.seq;
  document.body.dataset.seq = String(e.seq);
  state.pendingEvents.push(e);
  if (e.stack) state.dirtyStacks.add(e.stack);
  // The engine forgets a restarted container's exit code; the event that reported it says it in words.
  if (e.container && (e.type === 'container.exited' || e.type === 'container.oom')) state.lastExit.set(e.container, e);
  if (e.container && e.type === 'container.removed') state.lastExit.delete(e.container);
  queueFrame();
}

function setConn(s) {
  const c = $('conn');
  c.dataset.state = s;
  c.textContent = s === 'live' ? 'live' : s;
}

// One frame does all the work that piled up since the last: a burst of events costs one render and one read per
// stack, however many events it had.
function queueFrame() {
  if (state.frameQueued) return;
  state.frameQueued = true;
  requestAnimationFrame(() => {
    state.frameQueued = false;
    const events = state.pendingEvents;
    state.pendingEvents = [];
    for (let i = 0; i < events.length; i++) state.feed.unshift(events[i]); // the newest ends up first
    if (state.feed.length > FEED_MAX) state.feed.length = FEED_MAX;
    let newType = false;
    for (const e of events) if (!state.types.has(e.type)) { state.types.add(e.type); newType = true; }
    if (newType) renderTypeFilter();
    if (state.feedReset) {
      state.feedReset = false;
      $('events').replaceChildren();
    }
    if (events.length) prependToFeed(events);
    const dirty = [...state.dirtyStacks];
    state.dirtyStacks.clear();
    dirty.forEach(requestStack);
  });
}

// A stack named by events is read at once, unless it was read less than MIN_READ_GAP_MS ago, and once more
// SETTLE_MS later: an event can come just before the agent publishes the status it caused. Under a flood of events
// that is a few reads a second per stack, however many events there are.
function requestStack(name) {
  const sinceLast = performance.now() - (state.lastRead.get(name) || -Infinity);
  if (sinceLast >= MIN_READ_GAP_MS) refreshStack(name);
  if (!state.settle.has(name)) {
    state.settle.set(name, setTimeout(() => { state.settle.delete(name); refreshStack(name); }, SETTLE_MS));
  }
}

// Redrawing every replica is the page's most expensive step: at most one redraw per STACKS_RENDER_GAP_MS, the
// latest state wins.
function queueStacksRender() {
  if (state.renderStacksQueued) return;
  state.renderStacksQueued = true;
  const wait = Math.max(0, state.lastStacksRender + STACKS_RENDER_GAP_MS - performance.now());
  setTimeout(() => requestAnimationFrame(() => {
    state.renderStacksQueued = false;
    state.lastStacksRender = performance.now();
    renderStacks();
    renderStackFilter();
  }), wait);
}

// ---------------------------------------------------------------------------------------------- rendering: stacks

function phaseText(s) {
  const phase = s.state || 'unknown';
  switch (phase) {
    case 'backing_off': {
      const left = s.backoffUntil ? Date.parse(s.backoffUntil) - Date.now() : NaN;
      return 'backing off' + (isNaN(left) ? '' : ', retry in ' + duration(left));
    }
    case 'rolling_out': return 'rolling out' + (s.rollout ? ': ' + s.rollout : '');
    case 'waiting': return 'waiting' + (s.waitingFor && s.waitingFor.length ? ' for ' + s.waitingFor.map(waitWords).join(', ')
      : s.notes && s.notes.length ? ': ' + s.notes.join('; ') : '');
    case 'failed': return 'failed' + (s.lastError ? ': ' + s.lastError : '');
    case 'degraded': return 'degraded' + (s.lastError ? ': ' + s.lastError : '');
    default: return String(phase).replace(/_/g, ' ') + (s.rollout ? ' (' + s.rollout + ')' : '');
  }
}

// One depends_on condition a service waits for (DependencyWait): "db (service_healthy)".
function waitWords(w) {
  return w.service + ' (' + (w.condition ? w.condition : 'not in the stack') + ')';
}

// A service's last rollout in words (RolloutDto): how far, and why it stopped; never the raw object.
function rolloutWords(r) {
  if (!r) return null;
  const counts = r.updated + ' of ' + r.total + ' updated'
    + (r.failures ? ', ' + r.failures + (r.failures === 1 ? ' failed run' : ' failed runs') : '');
  switch (r.phase) {
    case 'rolling_out': return 'rollout: ' + counts;
    case 'rollback_requested': case 'rolling_back': return 'rolling back: ' + counts + (r.reason ? ' (' + r.reason + ')' : '');
    case 'paused': return 'rollout paused, ' + counts + (r.reason ? ': ' + r.reason : '')
      + ' · orch up resumes it, orch rollback restores the previous spec';
    case 'rolled_back': return 'rolled back to the previous spec' + (r.reason ? ': ' + r.reason : '');
    case 'completed': return 'last rollout completed (' + r.total + ' of ' + r.total + ')'
      + (r.startedAt ? ', started ' + new Date(r.startedAt).toLocaleString() : '');
    default: return 'rollout ' + String(r.phase).replace(/_/g, ' ') + ': ' + counts;
  }
}

function percent(fraction) {
  return fraction === null || fraction === undefined ? '?' : Math.round(fraction * 100) + '%';
}

// An autoscaled service's scaling in words (AutoscaleStatusDto): range, count, each metric against its target, and
// the last decision's reason.
function autoscaleWords(a) {
  if (!a) return null;
  if (a.pinned) return 'autoscale pinned at ' + a.desiredReplicas + ' replica' + (a.desiredReplicas === 1 ? '' : 's')
    + ' (orch up with the file lets it scale again)';
  const metrics = (a.metrics || []).map((m) => m.metric + ' ' + percent(m.utilization) + ' of ' + percent(m.target)
    + ' target');
  return 'autoscaled ' + a.min + '–' + a.max + ', now ' + a.desiredReplicas
    + (metrics.length ? ' · ' + metrics.join(', ') : '')
    + (a.reason ? ' · last decision: ' + a.reason : '');
}

// Ports come from the stack's topology (the file's wiring); a status that carries its own ports wins.
function portsList(s, topo) {
  const ports = Array.isArray(s.ports) ? s.ports : (topo && topo.ports) || [];
  return ports.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
}

// One published port a line; a long mapping (one with a host address) may break after its arrow
// (127.0.0.1:8080-> / 80/tcp) when the table is short of room, a short one (8080->80/tcp) never.
function portView(p) {
  const cut = p.indexOf('->');
  return cut < 0 || p.length <= 16 ? h('div', { text: p })
    : h('div', {}, p.slice(0, cut + 2), h('wbr'), p.slice(cut + 2));
}

function extraFields(s) {
  const parts = [];
  for (const [k, v] of Object.entries(s)) {
    if (KNOWN_SERVICE_FIELDS.has(k) || v === null || v === undefined) continue;
    if (Array.isArray(v) && !v.length) continue;
    parts.push(k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  }
  return parts.join(' · ');
}

function replicaView(c) {
  const now = Date.now();
  const bits = [h('span', { class: 'mono', text: c.name })];
  bits.push(h('span', { class: 'state-' + c.state, 'data-field': 'state', text: c.state }));
  if (c.health) bits.push(h('span', { class: c.health, 'data-field': 'health', text: c.health }));
  bits.push(h('span', { 'data-field': 'restarts', text: c.restarts + ' restart' + (c.restarts === 1 ? '' : 's') }));
  if (c.oomKilled) bits.push(h('span', { class: 'unhealthy', text: 'OOM killed' }));
  else if (c.exitCode !== null && c.exitCode !== undefined) {
    bits.push(h('span', { 'data-field': 'exit', text: 'exit code ' + c.exitCode }));
  } else if (state.lastExit.has(c.name)) {
    const e = state.lastExit.get(c.name);
    bits.push(h('span', { class: 'muted', 'data-field': 'last-exit', title: clock(e.time),
      text: 'last: ' + (e.message || e.type) }));
  }
  // What orch decided about restarting it (RestartDecision): a backoff counts down to its due time.
  if (c.restart) {
    const r = c.restart;
    const left = r.due ? Date.parse(r.due) - now : NaN;
    const words = r.decision === 'wait' ? 'restart ' + r.number + (isNaN(left) ? '' : ' in ' + duration(Math.max(0, left)))
      : r.decision === 'give_up' ? 'gave up restarting' : 'not restarted (policy)';
    bits.push(h('span', { class: r.decision === 'wait' ? 'muted' : 'unhealthy', 'data-field': 'restart',
      'data-decision': r.decision, title: r.text, text: words }));
  }
  if (c.state === 'running' && c.startedAt) bits.push(h('span', { class: 'muted', text: 'up ' + duration(now - Date.parse(c.startedAt), true) }));
  const healthOutput = c.healthOutput || c.lastHealthOutput;
  if (healthOutput) bits.push(healthView(c.name, healthOutput));
  return h('span', { class: 'replica', 'data-container': c.name, 'data-slot': c.slot }, bits);
}

// What the last health probe printed: in full when short; else its start, which opens to the whole text on a click
// (and stays open across redraws); the title holds it too.
function healthView(container, text) {
  if (text.length <= HEALTH_OUTPUT_SHORT) {
    return h('span', { class: 'muted health-output', 'data-field': 'health-output', title: text, text: '“' + text + '”' });
  }
  const details = h('details', { class: 'health-output', 'data-field': 'health-output', title: text,
    open: state.openHealth.has(container) },
    h('summary', { class: 'muted', text: '“' + text.slice(0, HEALTH_OUTPUT_SHORT - 1) + '…”' }),
    h('pre', { class: 'health-full', text }));
  details.addEventListener('toggle', () => {
    if (details.open) state.openHealth.add(container); else state.openHealth.delete(container);
  });
  return details;
}

function serviceActions(stack, s) {
  if (!token()) return null;
  const svc = s.service;
  return h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-action': 'scale', 'data-stack': stack, 'data-service': svc,
      onclick: () => openScale(stack, svc, s.desired) }, 'Scale'),
    h('button', { type: 'button', 'data-action': 'restart', 'data-stack': stack, 'data-service': svc,
      onclick: () => act('POST', svcPath(stack, svc) + '/restart', undefined, 'rolling restart of ' + svc) }, 'Restart'),
    h('button', { type: 'button', 'data-action': 'rollback', 'data-stack': stack, 'data-service': svc,
      onclick: () => act('POST', svcPath(stack, svc) + '/rollback', undefined, 'rollback of ' + svc) }, 'Rollback'));
}

function svcPath(stack, svc) {
  return '/v1/stacks/' + encodeURIComponent(stack) + '/services/' + encodeURIComponent(svc);
}

// Whether the service has a health check: a replica reports a health state only then.
function checked(s) {
  return s.containers.some((c) => c.health);
}

function count(value, want, field) {
  return h('span', { class: 'count' + (value < want ? ' short' : ''), 'data-field': field, text: String(value) });
}

// Start order from depends_on: services in waves, each wave waiting on earlier ones.
function dependencyOrder(stack) {
  const deps = new Map((stack.topology || []).map((t) => [t.service, t.dependsOn || {}]));
  if (![...deps.values()].some((d) => Object.keys(d).length)) return null;
  const level = new Map();
  const depth = (name, seen) => {
    if (level.has(name)) return level.get(name);
    if (seen.has(name)) return 0; // a cycle is refused by the loader; never loop here anyway
    seen.add(name);
    const d = Object.keys(deps.get(name) || {});
    const l = d.length ? 1 + Math.max(...d.map((x) => depth(x, seen))) : 0;
    level.set(name, l);
    return l;
  };
  const waves = [];
  for (const name of [...deps.keys()].sort()) {
    const l = depth(name, new Set());
    (waves[l] = waves[l] || []).push(name);
  }
  const describe = (name) => {
    const d = Object.entries(deps.get(name) || {});
    if (!d.length) return name;
    return name + ' (waits on ' + d.map(([svc, cond]) => svc + ': ' + String(cond).replace(/^service_/, '')
      .replace(/_/g, ' ')).join(', ') + ')';
  };
  return h('div', { class: 'order', 'data-field': 'start-order' }, 'Start order: ',
    waves.filter(Boolean).map((w) => w.map(describe).join(', ')).join(' → '));
}

// A service's rows are rebuilt only when what they show changed: its status, its wiring, the token (actions), the
// last exits seen in the feed, or the clock where it shows seconds (a countdown, an uptime under a minute).
function serviceKey(s, topo) {
  const now = Date.now();
  const ticking = s.state === 'backing_off' || s.containers.some((c) => c.startedAt && now - Date.parse(c.startedAt) < 60000);
  const bucket = Math.floor(now / (ticking ? 1000 : 60000));
  const exits = s.containers.map((c) => (state.lastExit.has(c.name) ? state.lastExit.get(c.name).seq : '')).join();
  return JSON.stringify(s) + '|' + JSON.stringify(topo || null) + '|' + (token() ? 1 : 0) + '|' + exits + '|' + bucket;
}

function stackView(stack) {
  const header = h('header', {},
    h('h3', { text: stack.name }),
    stack.deleting ? h('span', { class: 'phase', 'data-phase': 'removing', text: 'removing' }) : null,
    stack.error ? h('span', { class: 'phase', 'data-phase': 'failed', text: stack.error }) : null,
    stack.generation ? h('span', { class: 'muted', text: 'generation ' + stack.generation }) : null,
    stack.submittedAt ? h('span', { class: 'muted', text: 'submitted ' + new Date(stack.submittedAt).toLocaleString() }) : null,
    token() ? h('button', { type: 'button', class: 'danger', 'data-action': 'remove', 'data-stack': stack.name,
      onclick: () => { if (confirm('Remove stack ' + stack.name + ' and its containers?')) {
        act('DELETE', '/v1/stacks/' + encodeURIComponent(stack.name), undefined, 'removal of ' + stack.name); } } },
    'Remove stack') : null);
  const topology = new Map((stack.topology || []).map((t) => [t.service, t]));
  const rows = [];
  const seen = new Set();
  for (const s of stack.services) {
    const id = stack.name + '\u0000' + s.service;
    seen.add(id);
    const key = serviceKey(s, topology.get(s.service));
    const cached = state.rowCache.get(id);
    if (cached && cached.key === key) { rows.push(...cached.rows); continue; }
    const extra = extraFields(s);
    const mine = [];
    mine.push(h('tr', { class: 'service', 'data-stack': stack.name, 'data-service': s.service },
      h('td', {}, h('strong', { text: s.service }), h('div', { class: 'muted mono image', text: s.image || '' })),
      h('td', { class: 'wrap' }, h('span', { class: 'phase', 'data-phase': s.state, 'data-field': 'phase', text: phaseText(s) }),
        s.rolloutState ? h('div', { class: 'muted', 'data-field': 'rollout', 'data-rollout': s.rolloutState.phase,
          text: rolloutWords(s.rolloutState) }) : null,
        s.autoscale ? h('div', { class: 'muted', 'data-field': 'autoscale', text: autoscaleWords(s.autoscale) }) : null,
        s.lastError && s.state !== 'failed' ? h('div', { class: 'muted', text: s.lastError }) : null,
        s.state !== 'waiting' && s.notes && s.notes.length ? h('div', { class: 'muted', text: s.notes.join('; ') }) : null,
        extra ? h('div', { class: 'extra', 'data-field': 'extra', text: extra }) : null),
      h('td', { 'data-field': 'desired', text: String(s.desired) }),
      h('td', {}, count(s.running, s.desired, 'running')),
      // Without a health check there is no "healthy" to count: a dash, not a short count of 0.
      h('td', {}, checked(s) ? count(s.healthy, s.desired, 'healthy')
        : h('span', { class: 'muted', 'data-field': 'healthy', title: 'no health check', text: '–' })),
      h('td', { 'data-field': 'restarts', text: String(s.restarts) }),
      h('td', { class: 'mono ports', 'data-field': 'ports' }, portsList(s, topology.get(s.service)).map(portView)),
      h('td', {}, h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-action': 'logs', onclick: () => openLogs(stack.name, s.service) }, 'Logs'),
        serviceActions(stack.name, s)))));
    mine.push(h('tr', { class: 'replicas', 'data-stack': stack.name, 'data-service': s.service },
      h('td', { colspan: 8 }, s.containers.length ? s.containers.map(replicaView) : h('span', { class: 'muted', text: 'no replicas' }))));
    state.rowCache.set(id, { key, rows: mine });
    rows.push(...mine);
  }
  for (const id of state.rowCache.keys()) {
    if (id.startsWith(stack.name + '\u0000') && !seen.has(id)) state.rowCache.delete(id);
  }
  const table = h('table', {},
    h('thead', {}, h('tr', {}, ['service', 'phase', 'desired', 'running', 'healthy', 'restarts', 'ports', ''].map((t) => h('th', { text: t })))),
    h('tbody', {}, rows));
  return h('article', { class: 'stack', 'data-stack': stack.name }, header, dependencyOrder(stack),
    h('div', { class: 'scroll' }, table));
}

// A stack this agent does not hold: another agent's on the same engine, or labelled leftovers. It has no generation
// and every service is 'unmanaged'. Listed after this agent's own stacks and left out of the charts.
function foreign(stack) {
  return !stack.generation && !stack.error && stack.services.length > 0
    && stack.services.every((s) => s.state === 'unmanaged');
}

// This agent's stacks first, by name; then the engine's other stacks, by name, folded away under their own heading.
function orderedStackNames() {
  const names = [...state.stacks.keys()].sort().filter((n) => !state.focus || n === state.focus);
  const others = names.filter((n) => foreign(state.stacks.get(n)));
  return { mine: names.filter((n) => !others.includes(n)), others };
}

function othersView(others) {
  const details = h('details', { class: 'others', 'data-field': 'other-stacks', open: state.othersOpen },
    h('summary', {}, h('h2', { text: 'Other stacks on this engine (' + others.length + ')' }),
      h('span', { class: 'muted', text: ' not managed by this agent: another agent\'s, or left over; '
        + '`orch down -p NAME` removes one' })),
    others.map((n) => stackView(state.stacks.get(n))));
  details.addEventListener('toggle', () => { state.othersOpen = details.open; });
  return details;
}

function renderStacks() {
  const root = $('stacks');
  const { mine, others } = orderedStackNames();
  const names = [...mine, ...others];
  // Nothing shown changed (the usual case of the once-a-second redraw): leave the DOM alone, no layout at all.
  const signature = state.focus + '|' + (token() ? 1 : 0) + '|' + names.map((n) => {
    const st = state.stacks.get(n);
    return JSON.stringify([st.name, st.generation, st.deleting, st.error, st.submittedAt, st.topology])
      + st.services.map((sv) => serviceKey(sv, null)).join('|');
  }).join('||');
  if (signature === state.stacksSignature) return;
  state.stacksSignature = signature;
  if (state.focus) {
    const all = h('a', { href: '#', text: 'show all stacks' });
    const note = h('p', { class: 'muted', 'data-field': 'focus' }, 'Showing stack ' + state.focus + ' only · ', all);
    root.replaceChildren(note, ...names.map((n) => stackView(state.stacks.get(n))));
    if (!names.length) note.prepend('No stack named ' + state.focus + '. ');
    return;
  }
  const empty = mine.length ? null
    : h('p', { class: 'muted' }, 'No stacks yet. Submit one: ', h('code', { text: 'orch up -f stack.yml' }));
  root.replaceChildren(...[empty, ...mine.map((n) => stackView(state.stacks.get(n))),
    others.length ? othersView(others) : null].filter(Boolean));
}

// ---------------------------------------------------------------------------------------------- rendering: feed

function level(type) {
  if (/failed|oom|unhealthy|exited|disconnected|unreadable/.test(type)) return 'bad';
  if (/restart|rolling_back|paused|removing|backing/.test(type)) return 'warn';
  if (/converged|started|connected|completed/.test(type)) return 'ok';
  return '';
}

function feedFilter() {
  const stack = $('filter-stack').value || state.focus || '';
  const service = $('filter-service').value.trim();
  const type = $('filter-type').value;
  return (e) => (!stack || e.stack === stack) && (!service || e.service === service) && (!type || e.type === type);
}

function feedItem(e) {
  const where = [e.stack, e.service].filter(Boolean).join('/') + (e.slot ? '#' + e.slot : '');
  return h('li', { 'data-seq': e.seq, 'data-type': e.type, 'data-level': level(e.type), 'data-container': e.container },
    h('span', { class: 'muted mono', text: clock(e.time) + ' ' }),
    h('span', { class: 'type', text: e.type }),
    where ? h('span', { class: 'where', text: where }) : null,
    h('span', { text: e.message || '' }),
    e.reason ? h('span', { class: 'muted', text: ' (' + e.reason + ')' }) : null);
}

// The whole feed is rebuilt only when a filter changes; new events are put on top and the oldest fall off, so a
// burst of events costs DOM work for the newest FEED_MAX at most.
function renderFeed() {
  const keep = feedFilter();
  $('events').replaceChildren(...state.feed.filter(keep).map(feedItem));
}

function prependToFeed(events) {
  const keep = feedFilter();
  const list = $('events');
  const fresh = events.slice(-FEED_MAX).filter(keep).reverse().map(feedItem); // newest first
  if (!fresh.length) return;
  list.prepend(...fresh);
  while (list.childElementCount > FEED_MAX) list.lastElementChild.remove();
}

function fillSelect(select, values, label) {
  const current = select.value;
  select.replaceChildren(h('option', { value: '', text: label }), ...values.map((v) => h('option', { value: v, text: v })));
  select.value = values.includes(current) ? current : '';
}

function renderStackFilter() {
  fillSelect($('filter-stack'), [...state.stacks.keys()].sort(), 'all stacks');
}

function renderTypeFilter() {
  fillSelect($('filter-type'), [...state.types].sort(), 'all types');
}

// ---------------------------------------------------------------------------------------------- charts

function sample() {
  let running = 0, desired = 0, restarts = 0;
  for (const st of state.stacks.values()) {
    if (state.focus && st.name !== state.focus) continue; // the charts follow the stacks shown
    // Another agent's stack has running replicas and no desired ones: counted, it read "now 48 of 4".
    if (foreign(st)) continue;
    for (const s of st.services) { running += s.running; desired += s.desired; restarts += s.restarts; }
  }
  const delta = state.lastRestarts === null ? 0 : Math.max(0, restarts - state.lastRestarts);
  state.lastRestarts = restarts;
  state.samples.push({ t: Date.now(), running, desired, restarts: delta });
  if (state.samples.length > SAMPLES_MAX) state.samples.shift();
  drawCharts();
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

// The x axis is time: the last minute at least, up to the samples kept (10 minutes), so a fresh tab draws at once.
function drawCharts() {
  const s = state.samples;
  if (!s.length) return;
  const W = 300, H = 60;
  const end = s[s.length - 1].t;
  const span = Math.max(60000, end - s[0].t);
  const x = (p) => W - ((end - p.t) / span) * W;
  const maxR = Math.max(1, ...s.map((p) => Math.max(p.running, p.desired)));
  const y = (v) => H - 2 - (v / maxR) * (H - 6);
  const line = (key) => s.map((p) => x(p).toFixed(1) + ',' + y(p[key]).toFixed(1)).join(' ');
  $('chart-replicas').replaceChildren(
    svg('polyline', { class: 'desired', points: line('desired') }),
    svg('polyline', { class: 'running', points: line('running') }));
  const last = s[s.length - 1];
  $('chart-replicas-now').textContent = 'now ' + last.running + ' of ' + last.desired;
  const maxD = Math.max(1, ...s.map((p) => p.restarts));
  const bw = Math.max(1, (SAMPLE_EVERY_MS / span) * W);
  $('chart-restarts').replaceChildren(...s.filter((p) => p.restarts > 0).map((p) => {
    const hgt = (p.restarts / maxD) * (H - 4);
    return svg('rect', { class: 'restarts', x: (x(p) - bw).toFixed(1), y: (H - hgt).toFixed(1), width: bw.toFixed(1),
      height: hgt.toFixed(1) });
  }));
  const total = s.reduce((n, p) => n + p.restarts, 0);
  $('chart-restarts-now').textContent = total + ' in the last ' + duration(end - s[0].t);
}

// ---------------------------------------------------------------------------------------------- logs

async function openLogs(stack, service) {
  closeLogs();
  const abort = new AbortController();
  state.logs = { stack, service, abort };
  $('logs').hidden = false;
  $('logs-title').textContent = stack + '/' + service;
  const pre = $('logs-text');
  pre.textContent = '';
  const follow = $('logs-follow').checked;
  try {
    const res = await fetch(svcPath(stack, service) + '/logs?tail=200&follow=' + follow,
      { headers: authHeaders({}), signal: abort.signal, cache: 'no-store' });
    if (!res.ok) { pre.textContent = 'cannot read logs: ' + res.status; return; }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let lines = [];
    let pending = false;
    const flush = () => {
      pending = false;
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      if (lines.length > LOG_LINES_MAX) lines = lines.slice(-LOG_LINES_MAX);
      pre.textContent = lines.join('');
      if (atBottom) pre.scrollTop = pre.scrollHeight;
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      lines.push(...text.split(/(?<=\n)/));
      if (!pending) { pending = true; requestAnimationFrame(flush); }
    }
  } catch (e) {
    if (e.name !== 'AbortError') pre.textContent += '\n[log stream ended: ' + e.message + ']';
  }
}

function closeLogs() {
  if (state.logs) state.logs.abort.abort();
  state.logs = null;
  $('logs').hidden = true;
}

// ---------------------------------------------------------------------------------------------- actions

let scaleTarget = null;

function openScale(stack, service, desired) {
  scaleTarget = { stack, service };
  $('scale-target').textContent = stack + '/' + service;
  $('scale-replicas').value = String(desired);
  $('scale-dialog').showModal();
  $('scale-replicas').select();
}

async function act(method, path, body, what) {
  try {
    await api(method, path, body);
    showMessage('Requested ' + what + '.', 'ok');
  } catch (e) {
    if (e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      renderToken();
      showMessage('The agent refused the token (' + e.message + '). Paste the current one: cat ~/.orch/token', 'error');
    } else {
      showMessage(what + ' failed: ' + e.message, 'error');
    }
  }
  const stack = path.split('/')[3];
  if (stack) refreshStack(decodeURIComponent(stack));
}

function renderToken() {
  const has = !!token();
  $('token-state').dataset.state = has ? 'present' : 'absent';
  $('token-state').textContent = has ? 'actions enabled' : 'read-only';
  $('token-input').hidden = has;
  $('token-save').hidden = has;
  $('token-clear').hidden = !has;
  $('token-hint').hidden = has;
  renderStacks();
}

function readFocus() {
  state.focus = new URLSearchParams(location.hash.slice(1)).get('stack') || null;
}

function wire() {
  readFocus();
  window.addEventListener('hashchange', () => {
    readFocus();
    state.samples = []; // the charts follow the stacks shown: start them again
    state.lastRestarts = null;
    renderStacks();
    renderFeed();
    sample();
  });
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token-input').value.trim();
    $('token-input').value = '';
    if (!t) return;
    sessionStorage.setItem(TOKEN_KEY, t);
    showMessage('', 'ok');
    renderToken();
  });
  $('token-clear').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); renderToken(); });
  $('scale-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = Number($('scale-replicas').value);
    $('scale-dialog').close();
    if (!scaleTarget || !Number.isInteger(n) || n < 0) { showMessage('Replicas must be a whole number, 0 or more.', 'error'); return; }
    act('POST', svcPath(scaleTarget.stack, scaleTarget.service) + '/scale', { replicas: n },
      'scale of ' + scaleTarget.service + ' to ' + n);
  });
  $('scale-cancel').addEventListener('click', () => $('scale-dialog').close());
  $('logs-close').addEventListener('click', closeLogs);
  $('logs-follow').addEventListener('change', () => { if (state.logs) openLogs(state.logs.stack, state.logs.service); });
  for (const id of ['filter-stack', 'filter-type']) $(id).addEventListener('change', renderFeed);
  $('filter-service').addEventListener('input', renderFeed);
}

async function start() {
  wire();
  renderToken();
  try {
    await loadAll();
  } catch (e) {
    setConn('offline');
    showMessage(e.status === 401 ? 'This agent listens beyond loopback and wants the token for reads too: paste it above.'
      : 'Cannot read the agent\'s state: ' + e.message, 'error');
  }
  followEvents();
  sample();
  setInterval(sample, SAMPLE_EVERY_MS);
  // Countdowns ("retry in 8 s") and uptimes move without events.
  setInterval(queueStacksRender, 1000);
  setInterval(() => loadAll().catch(() => {}), RESYNC_EVERY_MS);
}

start();
