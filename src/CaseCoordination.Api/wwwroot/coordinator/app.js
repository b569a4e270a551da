// The coordinator page (issue 18). Reads only the API's own dashboard, follow-up and agency
// endpoints with the coordinator's token: no second source of figures, nothing personal.
const api = '/api/v1';

const texts = {
  sv: {
    skip: 'Hoppa till innehållet', title: 'Regional översikt', signOut: 'Logga ut', signInHeading: 'Logga in',
    signInText: 'Översikten visar samma siffror som API:t ger din roll som regional samordnare. Den visar inga personuppgifter.',
    signIn: 'Logga in', devSignIn: 'Fortsätt som samordnare i demoregionen (utveckling)', periodHeading: 'Period', region: 'Region',
    from: 'Från', to: 'Till (t.o.m.)', show: 'Visa', overviewHeading: 'Översikt',
    suppressionNote: 'Antal 1–4 visas inte i uppdelningar (visas som ”undertryckt”), så att ingen person kan pekas ut.',
    signalsHeading: 'Öppna signaler nu', signalsCaption: 'Öppna signaler per slag', signal: 'Signal', count: 'Antal',
    statusHeading: 'Remisser per status', referralsInPeriod: 'Remisser i perioden', statusCaption: 'Remisser per status i perioden', status: 'Status',
    durationsHeading: 'Tid från begäran till första kontakt',
    durationsCaption: 'Median och 90:e percentil i timmar för varje steg; samma siffror som tabellen.',
    durationsTableCaption: 'Median och 90:e percentil i timmar per steg', step: 'Steg', median: 'Median (h)', p90: '90:e percentil (h)', basedOn: 'Antal remisser',
    groupsHeading: 'Grupperna sida vid sida',
    groupsNote: 'Barn, personer med annan nationalitet än svensk, personer med komplexa behov och alla andra. En person kan höra till flera grupper.',
    groupsCaption: 'Median i timmar från accepterad remiss till första kontakt, per grupp; samma siffror som tabellen.',
    groupsTableCaption: 'Nyckeltal per grupp', followUpHeading: 'Att följa upp',
    followUpNote: 'Öppna signaler, äldst först. Varje rad visar vilken aktör som ska agera och hur länge det har dröjt.',
    all: 'Alla', municipality: 'Kommun', agencyToAct: 'Aktör som ska agera', filter: 'Filtrera', followUpCaption: 'Öppna signaler att följa upp, äldst först',
    caseNumber: 'Ärende', need: 'Behov', since: 'Öppen sedan', overdue: 'Försenad', followUpEmpty: 'Inga öppna signaler med dessa filter.', more: 'Visa fler',
    suppressed: 'undertryckt', atLeast: 'minst', none: '–', loading: 'Hämtar siffror …', loaded: 'Siffrorna är hämtade.',
    signedOut: 'Du är utloggad.', signInFailed: 'Inloggningen misslyckades. Försök igen.', signInUnavailable: 'Inloggning är inte konfigurerad för den här installationen.', failed: 'Siffrorna kunde inte hämtas', forbidden: 'Din inloggning ger inte tillgång till regionens översikt.',
    noLead: '(ingen huvudaktör)', days: 'd', hours: 'h', measure: 'Mått',
    m_referrals: 'Remisser', m_accepted: 'Accepterade', m_rejected: 'Avvisade', m_acceptanceRate: 'Andel accepterade',
    m_firstContactMedian: 'Median till första kontakt (h)', m_firstContactP90: '90:e percentil till första kontakt (h)',
    steps: { requestedToReceived: 'Begärd → mottagen', receivedToAnswered: 'Mottagen → besvarad', acceptedToFirstContact: 'Accepterad → första kontakt' },
    groups: { children: 'Barn', 'other-nationality': 'Annan nationalitet', 'complex-needs': 'Komplexa behov', 'everyone-else': 'Alla andra' },
    signals: {
      'not-received': 'Inte mottagen', 'not-answered': 'Inte besvarad', 'no-first-contact': 'Ingen första kontakt',
      'rejected-not-rerouted': 'Avvisad utan ny remiss', 'failed-no-follow-up': 'Misslyckad utan uppföljning', stalled: 'Avstannad',
      'no-lead': 'Ingen huvudaktör', 'lead-handover-pending': 'Överlämning av huvudansvar väntar',
      'child-without-social-services': 'Barn utan socialtjänst', 'support-not-offered': 'Stöd inte erbjudet',
    },
    statuses: {
      requested: 'Begärd', received: 'Mottagen', accepted: 'Accepterad', rejected: 'Avvisad', 'in-progress': 'Pågår',
      completed: 'Avslutad', failed: 'Misslyckad', cancelled: 'Återkallad',
    },
    needs: {
      'child-protection-report': 'Orosanmälan', 'trauma-support': 'Traumastöd', healthcare: 'Hälso- och sjukvård', 'sexual-health': 'Sexuell hälsa',
      psychiatry: 'Psykiatri', 'substance-use': 'Beroende', housing: 'Boende', shelter: 'Skyddat boende', 'legal-support': 'Juridiskt stöd',
      'police-report': 'Polisanmälan', 'financial-support': 'Ekonomiskt stöd', interpreter: 'Tolk', other: 'Annat',
    },
  },
  en: {
    skip: 'Skip to content', title: 'Regional overview', signOut: 'Sign out', signInHeading: 'Sign in',
    signInText: 'The overview shows the same figures the API gives your role as a regional coordinator. It shows no personal data.',
    signIn: 'Sign in', devSignIn: 'Continue as coordinator of the demo region (development)', periodHeading: 'Period', region: 'Region',
    from: 'From', to: 'To (inclusive)', show: 'Show', overviewHeading: 'Overview',
    suppressionNote: 'Counts of 1–4 are not shown in breakdowns (shown as “suppressed”), so that no person can be singled out.',
    signalsHeading: 'Open signals now', signalsCaption: 'Open signals by kind', signal: 'Signal', count: 'Count',
    statusHeading: 'Referrals by status', referralsInPeriod: 'Referrals in the period', statusCaption: 'Referrals by status in the period', status: 'Status',
    durationsHeading: 'Time from request to first contact',
    durationsCaption: 'Median and 90th percentile in hours for each step; the same figures as the table.',
    durationsTableCaption: 'Median and 90th percentile in hours per step', step: 'Step', median: 'Median (h)', p90: '90th percentile (h)', basedOn: 'Referrals',
    groupsHeading: 'The groups side by side',
    groupsNote: 'Children, people of other nationality than Swedish, people with complex needs, and everyone else. A person can be in several groups.',
    groupsCaption: 'Median hours from accepted referral to first contact, per group; the same figures as the table.',
    groupsTableCaption: 'Key figures per group', followUpHeading: 'To follow up',
    followUpNote: 'Open signals, oldest first. Each row names the agency that must act and how long it has been overdue.',
    all: 'All', municipality: 'Municipality', agencyToAct: 'Agency to act', filter: 'Filter', followUpCaption: 'Open signals to follow up, oldest first',
    caseNumber: 'Case', need: 'Need', since: 'Open since', overdue: 'Overdue by', followUpEmpty: 'No open signals with these filters.', more: 'Show more',
    suppressed: 'suppressed', atLeast: 'at least', none: '–', loading: 'Loading figures …', loaded: 'The figures are loaded.',
    signedOut: 'You are signed out.', signInFailed: 'Signing in failed. Please try again.', signInUnavailable: 'Sign-in is not configured for this installation.', failed: 'The figures could not be loaded', forbidden: 'Your sign-in does not give access to the region’s overview.',
    noLead: '(no lead agency)', days: 'd', hours: 'h', measure: 'Measure',
    m_referrals: 'Referrals', m_accepted: 'Accepted', m_rejected: 'Rejected', m_acceptanceRate: 'Acceptance rate',
    m_firstContactMedian: 'Median to first contact (h)', m_firstContactP90: '90th percentile to first contact (h)',
    steps: { requestedToReceived: 'Requested → received', receivedToAnswered: 'Received → answered', acceptedToFirstContact: 'Accepted → first contact' },
    groups: { children: 'Children', 'other-nationality': 'Other nationality', 'complex-needs': 'Complex needs', 'everyone-else': 'Everyone else' },
    signals: {
      'not-received': 'Not received', 'not-answered': 'Not answered', 'no-first-contact': 'No first contact',
      'rejected-not-rerouted': 'Rejected, not rerouted', 'failed-no-follow-up': 'Failed, no follow-up', stalled: 'Stalled',
      'no-lead': 'No lead agency', 'lead-handover-pending': 'Lead handover pending',
      'child-without-social-services': 'Child without social services', 'support-not-offered': 'Support not offered',
    },
    statuses: {
      requested: 'Requested', received: 'Received', accepted: 'Accepted', rejected: 'Rejected', 'in-progress': 'In progress',
      completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
    },
    needs: {
      'child-protection-report': 'Child protection report', 'trauma-support': 'Trauma support', healthcare: 'Healthcare', 'sexual-health': 'Sexual health',
      psychiatry: 'Psychiatry', 'substance-use': 'Substance use', housing: 'Housing', shelter: 'Shelter', 'legal-support': 'Legal support',
      'police-report': 'Police report', 'financial-support': 'Financial support', interpreter: 'Interpreter', other: 'Other',
    },
  },
};

const $ = (selector) => document.querySelector(selector);
const state = { lang: localStorage.getItem('cc-lang') === 'en' ? 'en' : 'sv', token: null, region: null, agencies: new Map(), dashboard: null, cursor: null };
const t = (key) => texts[state.lang][key] ?? key;
const named = (table, code) => (code == null ? t('none') : texts[state.lang][table][code] ?? code);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function say(message) { $('#status').textContent = message; }

// ---- Sign-in: the organisation's OpenID Connect provider (authorization code with PKCE), or in Development the demo coordinator.

const base64Url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const redirectUri = () => `${location.origin}${location.pathname}`;

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch { return {}; }
}

function keep(token) {
  const claims = claimsOf(token);
  sessionStorage.setItem('cc-token', token);
  state.token = token;
  state.region = claims.region ?? null;
}

async function providerMetadata(authority) {
  const response = await fetch(`${authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

async function startOidc(config) {
  const metadata = await providerMetadata(config.authority);
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const stateValue = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('cc-pkce', JSON.stringify({ verifier, state: stateValue }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope ?? 'openid',
    code_challenge: challenge, code_challenge_method: 'S256', state: stateValue,
  });
  location.assign(`${metadata.authorization_endpoint}?${query}`);
}

async function finishOidc(config, code, returnedState) {
  const pending = JSON.parse(sessionStorage.getItem('cc-pkce') ?? 'null');
  sessionStorage.removeItem('cc-pkce');
  history.replaceState(null, '', redirectUri());
  if (!pending || pending.state !== returnedState) throw new Error('state');
  const metadata = await providerMetadata(config.authority);
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: config.clientId, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error(`${response.status}`);
  keep((await response.json()).access_token);
}

async function signIn() {
  const config = await (await fetch('config.json')).json();
  const params = new URLSearchParams(location.search);
  if (config.signIn === 'oidc' && params.has('code')) {
    await finishOidc(config, params.get('code'), params.get('state')).catch(() => say(t('signInFailed')));
  }
  const stored = sessionStorage.getItem('cc-token');
  if (!state.token && stored && (claimsOf(stored).exp ?? 0) * 1000 > Date.now()) keep(stored);
  if (state.token) return true;

  $('#sign-in').hidden = false;
  if (config.signIn === 'development') {
    $('#sign-in-button').hidden = true;
    $('#dev-sign-in-button').hidden = false;
    $('#dev-sign-in-button').onclick = async () => {
      const response = await fetch('dev-sign-in', { method: 'POST' });
      keep((await response.json()).accessToken);
      await start();
    };
  } else if (config.signIn === 'oidc') {
    $('#sign-in-button').onclick = () => startOidc(config).catch(() => say(t('signInFailed')));
  } else {
    $('#sign-in-button').hidden = true;
    say(t('signInUnavailable'));
  }
  return false;
}

function signOut() {
  sessionStorage.removeItem('cc-token');
  state.token = null;
  $('#views').hidden = true;
  $('#sign-out').hidden = true;
  say(t('signedOut'));
  signIn();
}

// ---- Reading the API.

async function get(path) {
  const response = await fetch(`${api}${path}`, { headers: { Authorization: `Bearer ${state.token}`, Accept: 'application/json' } });
  if (response.status === 401) { signOut(); throw new Error('401'); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(response.status === 403 ? t('forbidden') : `${t('failed')} (${problem.code ?? response.status})`);
  }
  return response.json();
}

async function loadAgencies() {
  let cursor = null;
  do {
    const page = await get(`/agencies?region=${encodeURIComponent(state.region)}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const agency of page.items) state.agencies.set(agency.id, agency);
    cursor = page.nextCursor;
  } while (cursor);
}

// ---- Rendering. A suppressed count is shown as suppressed, never as zero.

const cellText = (cell) => (cell.suppressed ? t('suppressed') : String(cell.value ?? 0));
const hoursText = (value) => (value === null || value === undefined ? t('none') : value.toLocaleString(state.lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 }));
const rateText = (value) => (value === null || value === undefined ? t('none') : `${Math.round(value * 1000) / 10} %`);

function countCell(cell, figure) {
  return element('td', { class: cell.suppressed ? 'num suppressed' : 'num', 'data-figure': figure }, cellText(cell));
}

function fillRows(table, rows) {
  const body = table.querySelector('tbody');
  body.replaceChildren(...rows);
}

/** Horizontal bars, one row per item and one bar per series; an item without a value shows no bar. */
function bars(svg, items, series, label) {
  const width = 640; const labelWidth = 210; const row = 18 * series.length + 10;
  const height = Math.max(row * items.length + 10, 30);
  const max = Math.max(1, ...items.flatMap((item) => item.values.map((v) => v ?? 0)));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('aria-label', label);
  const ns = 'http://www.w3.org/2000/svg';
  const parts = [];
  items.forEach((item, i) => {
    const y = 5 + i * row;
    const text = document.createElementNS(ns, 'text');
    text.setAttribute('x', '0'); text.setAttribute('y', String(y + 13)); text.textContent = item.label;
    parts.push(text);
    item.values.forEach((value, s) => {
      if (value === null || value === undefined) return;
      const rect = document.createElementNS(ns, 'rect');
      const w = Math.max(1, ((width - labelWidth - 60) * value) / max);
      rect.setAttribute('x', String(labelWidth)); rect.setAttribute('y', String(y + s * 18)); rect.setAttribute('width', String(w)); rect.setAttribute('height', '14');
      rect.setAttribute('class', series[s]);
      const figure = document.createElementNS(ns, 'text');
      figure.setAttribute('x', String(labelWidth + w + 4)); figure.setAttribute('y', String(y + s * 18 + 12)); figure.textContent = hoursText(value);
      parts.push(rect, figure);
    });
  });
  svg.replaceChildren(...parts);
}

function renderSignals(dashboard) {
  const codes = Object.keys(dashboard.openSignals);
  fillRows($('#signals-table'), codes.map((code) => element('tr', {},
    element('th', { scope: 'row' }, named('signals', code)),
    element('td', { class: 'num', 'data-figure': `signal:${code}` }, String(dashboard.openSignals[code])))));
  const select = $('#filter-signal');
  const chosen = select.value;
  select.replaceChildren(element('option', { value: '' }, t('all')), ...codes.map((code) => element('option', { value: code }, named('signals', code))));
  select.value = chosen;
}

function renderStatuses(dashboard) {
  $('#referrals-total').textContent = String(dashboard.referrals);
  const byStatus = new Map();
  for (const row of dashboard.referralsByStatusAndNeed) {
    const entry = byStatus.get(row.status) ?? { known: 0, suppressed: false };
    if (row.count.suppressed) entry.suppressed = true; else entry.known += row.count.value;
    byStatus.set(row.status, entry);
  }
  fillRows($('#status-table'), [...byStatus.entries()].map(([status, entry]) => element('tr', {},
    element('th', { scope: 'row' }, named('statuses', status)),
    element('td', { class: entry.suppressed ? 'num suppressed' : 'num', 'data-figure': `status:${status}` },
      entry.suppressed ? `${t('atLeast')} ${entry.known} (${t('suppressed')})` : String(entry.known)))));
}

function renderDurations(dashboard) {
  const steps = ['requestedToReceived', 'receivedToAnswered', 'acceptedToFirstContact'];
  const names = texts[state.lang].steps;
  fillRows($('#durations-table'), steps.map((step) => {
    const d = dashboard.durations[step];
    return element('tr', {},
      element('th', { scope: 'row' }, names[step]),
      element('td', { class: 'num', 'data-figure': `duration:${step}:median` }, hoursText(d.medianHours)),
      element('td', { class: 'num', 'data-figure': `duration:${step}:p90` }, hoursText(d.p90Hours)),
      element('td', { class: d.count === null ? 'num suppressed' : 'num' }, d.count === null ? t('suppressed') : String(d.count)));
  }));
  bars($('#durations-chart'), steps.map((step) => ({ label: names[step], values: [dashboard.durations[step].medianHours, dashboard.durations[step].p90Hours] })),
    ['a', 'b'], t('durationsCaption'));
}

function renderGroups(dashboard) {
  const groups = dashboard.byGroup;
  const head = $('#groups-table thead');
  head.replaceChildren(element('tr', {}, element('th', { scope: 'col' }, t('measure')),
    ...groups.map((g) => element('th', { scope: 'col', class: 'num' }, named('groups', g.key)))));
  const measures = [
    ['m_referrals', (g) => countCell(g.referrals, `group:${g.key}:referrals`)],
    ['m_accepted', (g) => countCell(g.accepted, `group:${g.key}:accepted`)],
    ['m_rejected', (g) => countCell(g.rejected, `group:${g.key}:rejected`)],
    ['m_acceptanceRate', (g) => element('td', { class: 'num', 'data-figure': `group:${g.key}:acceptanceRate` }, rateText(g.acceptanceRate))],
    ['m_firstContactMedian', (g) => element('td', { class: 'num', 'data-figure': `group:${g.key}:firstContactMedian` }, hoursText(g.durations?.acceptedToFirstContact?.medianHours))],
    ['m_firstContactP90', (g) => element('td', { class: 'num' }, hoursText(g.durations?.acceptedToFirstContact?.p90Hours))],
  ];
  fillRows($('#groups-table'), measures.map(([key, cell]) => element('tr', {}, element('th', { scope: 'row' }, t(key)), ...groups.map(cell))));
  bars($('#groups-chart'), groups.map((g) => ({ label: named('groups', g.key), values: [g.durations?.acceptedToFirstContact?.medianHours ?? null] })), ['a'], t('groupsCaption'));
}

function renderFilters(dashboard) {
  const municipalities = new Set([...state.agencies.values()].map((a) => a.municipalityCode).filter(Boolean));
  for (const slice of dashboard.byMunicipality) municipalities.add(slice.key);
  const municipality = $('#filter-municipality');
  const chosenMunicipality = municipality.value;
  municipality.replaceChildren(element('option', { value: '' }, t('all')), ...[...municipalities].sort().map((m) => element('option', { value: m }, m)));
  municipality.value = chosenMunicipality;
  const agency = $('#filter-agency');
  const chosenAgency = agency.value;
  agency.replaceChildren(element('option', { value: '' }, t('all')),
    ...[...state.agencies.values()].sort((a, b) => a.name.localeCompare(b.name)).map((a) => element('option', { value: a.id }, a.name)));
  agency.value = chosenAgency;
}

// ---- Period: whole days, "to" inclusive; the API's "to" is the exclusive end.

const isoDay = (date) => date.toISOString().slice(0, 10);
function showPeriod(dashboard) {
  $('#from').value = isoDay(new Date(dashboard.from));
  $('#to').value = isoDay(new Date(new Date(dashboard.to).getTime() - 86400000));
}

function periodQuery() {
  const from = new Date(`${$('#from').value}T00:00:00Z`);
  const to = new Date(new Date(`${$('#to').value}T00:00:00Z`).getTime() + 86400000);
  return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
}

async function loadOverview() {
  const overview = $('#overview');
  overview.setAttribute('aria-busy', 'true');
  say(t('loading'));
  // The first view asks for the API's default period (the last 90 days by the server's clock) and shows it.
  const chosen = $('#from').value && $('#to').value;
  const dashboard = await get(`/dashboards/${encodeURIComponent(state.region)}${chosen ? `?${periodQuery()}` : ''}`);
  if (!chosen) showPeriod(dashboard);
  state.dashboard = dashboard;
  render();
  overview.setAttribute('aria-busy', 'false');
  document.documentElement.dataset.overview = 'rendered';
  performance.mark('overview-rendered');
  say(t('loaded'));
}

function render() {
  const dashboard = state.dashboard;
  if (!dashboard) return;
  renderSignals(dashboard);
  renderStatuses(dashboard);
  renderDurations(dashboard);
  renderGroups(dashboard);
  renderFilters(dashboard);
}

// ---- The follow-up list: oldest first, filtered by the API, paged by its cursor.

function overdueText(value) {
  // A TimeSpan as System.Text.Json writes it: [d.]hh:mm:ss[.fffffff]
  const match = /^(?:(\d+)\.)?(\d+):(\d+):/.exec(value ?? '');
  if (!match) return value ?? '';
  const days = Number(match[1] ?? 0); const hours = Number(match[2]);
  return days > 0 ? `${days} ${t('days')} ${hours} ${t('hours')}` : `${hours} ${t('hours')}`;
}

function followUpRow(item) {
  const agency = item.agencyToActId ? state.agencies.get(item.agencyToActId)?.name ?? item.agencyToActId : t('noLead');
  const since = new Date(item.since).toLocaleString(state.lang === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
  return element('tr', { 'data-signal': item.signal, 'data-case': item.caseNumber },
    element('td', {}, named('signals', item.signal)),
    element('td', {}, item.caseNumber),
    element('td', { 'data-agency': item.agencyToActId ?? '' }, agency),
    element('td', {}, item.need ? named('needs', item.need) : t('none')),
    element('td', {}, item.municipalityCode),
    element('td', {}, element('time', { datetime: item.since }, since)),
    element('td', { class: 'num overdue' }, overdueText(item.overdueBy)));
}

async function loadFollowUp(append) {
  const filters = new URLSearchParams({ limit: '50' });
  for (const [name, id] of [['signal', '#filter-signal'], ['municipality', '#filter-municipality'], ['agency', '#filter-agency']]) {
    if ($(id).value) filters.set(name, $(id).value);
  }
  if (append && state.cursor) filters.set('cursor', state.cursor);
  const page = await get(`/dashboards/${encodeURIComponent(state.region)}/signals?${filters}`);
  const body = $('#follow-up-table tbody');
  const rows = page.items.map(followUpRow);
  if (append) body.append(...rows); else body.replaceChildren(...rows);
  state.cursor = page.nextCursor;
  $('#more').hidden = !page.nextCursor;
  $('#follow-up-empty').hidden = body.children.length > 0;
  document.documentElement.dataset.followUp = 'rendered';
}

// ---- Language.

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = `${t('title')} – CaseCoordination`;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const other = state.lang === 'sv' ? 'en' : 'sv';
  $('#language').textContent = other === 'en' ? 'English' : 'Svenska';
  $('#language').lang = other;
  render();
  if (state.token && $('#follow-up-table tbody').children.length) loadFollowUp(false).catch((e) => say(e.message));
}

// ---- Start.

async function start() {
  if (!(await signIn())) return;
  $('#sign-in').hidden = true;
  $('#views').hidden = false;
  $('#sign-out').hidden = false;
  $('#region-code').textContent = state.region ?? '';
  try {
    // The overview does not wait for the agencies' names (only the filters and the follow-up list show them).
    await Promise.all([loadAgencies(), loadOverview()]);
    renderFilters(state.dashboard);
    await loadFollowUp(false);
  } catch (error) {
    say(error.message);
  }
}

$('#language').addEventListener('click', () => {
  state.lang = state.lang === 'sv' ? 'en' : 'sv';
  localStorage.setItem('cc-lang', state.lang);
  say('');
  applyLanguage();
});
$('#sign-out').addEventListener('click', signOut);
$('#period').addEventListener('submit', (event) => { event.preventDefault(); loadOverview().catch((e) => say(e.message)); });
$('#follow-up-filters').addEventListener('submit', (event) => { event.preventDefault(); loadFollowUp(false).catch((e) => say(e.message)); });
$('#more').addEventListener('click', () => loadFollowUp(true).catch((e) => say(e.message)));

applyLanguage();
start();
