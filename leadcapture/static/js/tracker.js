/*
 * LeadCapture tracker: sends behaviour events to POST /api/v1/events in batches.
 *
 *   LeadCapture.init({
 *     endpoint: "/api/v1/events", // an absolute URL when embedded on another site
 *     apiKey: "...",              // the site's API key, needed cross-site (sent as ?api_key=)
 *     visitorId: "...",           // optional; cross-site, one is kept in localStorage
 *     flushInterval: 10000,       // ms between sends
 *     batchSize: 10,              // send as soon as this many events are queued
 *     autoPageView: true,         // record a page_view now
 *     consent: true,              // the visitor allowed analytics (false: not, or not yet)
 *     feedbackEndpoint: "...",    // default: "feedback" beside the events endpoint
 *     experiments: { key: "variant" } // the A/B variants the server rendered into this page
 *   });
 *   LeadCapture.track(type, name, properties); // queue one event
 *   LeadCapture.flush();                       // send the queue now
 *   LeadCapture.impact(type, name);            // "high", "medium" or "low" (null before the table came)
 *   LeadCapture.consent(true | false);         // the visitor answered the host page's banner
 *   LeadCapture.experiments                    // {experiment key: variant} shown on this page
 *   LeadCapture.experimentsShown({ key: "variant" }) // add those an API answer used ("experiments")
 *     // each addition fires "leadcapture:experiments" on document, detail {experiments, added}
 *   LeadCapture.feedback({ rating: 5, context: "in_app", comment: "..." })
 *     // POST /api/v1/feedback (works before init too); a promise of the answer
 *     // ({feedback_id, sentiment: {label, score}}), rejected with an Error whose status and
 *     // fields (a message per bad field) say why it was refused.
 *
 * Consent: nothing is queued, stored or sent while the visitor has not allowed analytics. That is
 * the lc_consent cookie of our own pages ("necessary" always wins), else the consent option, else
 * the page's <meta name="lc-tracking-consent" content="required|implied"> (none: implied). On
 * another site with TRACKING_CONSENT=required, pass consent: false and call consent(true) once the
 * visitor agrees there; the page_view of init is sent then.
 *
 * High-impact events are sent at once: the business-impact table comes from GET events/config
 * beside the endpoint (no cookies sent), and an event gets the impact of the most specific rule
 * that matches its type and name, as on the server (leadcapture/tracking/impact.py): an exact name
 * before a pattern (* for any characters), then more characters besides *, then the higher impact.
 * Events queued before the table came are sent when it comes, if one is high. Each event carries
 * time_on_page_ms (since the page started loading) and session_duration_ms (since the visit began:
 * kept in sessionStorage, a new visit after 30 minutes without an event). When the page is
 * hidden, the queue goes out with navigator.sendBeacon. Failed sends are retried with
 * exponential backoff, keeping the newest 500 events. Nothing here throws into the page (feedback
 * answers through its promise). Feedback is accepted without analytics consent, then stored with
 * no visitor.
 */
(function () {
  "use strict";

  if (window.LeadCapture) return; // included twice: keep the first one

  const IMPACTS = ["low", "medium", "high"];
  const DROP_STATUSES = [400, 413, 415, 422]; // the server will never accept this batch
  const MAX_QUEUE = 500;
  const MAX_SEND = 100; // events per request
  const KEEPALIVE_LIMIT = 60000; // bytes; browsers refuse larger keepalive bodies
  const RETRY_BASE = 1000;
  const RETRY_MAX = 60000;
  const VISITOR_KEY = "lc_vid";
  const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
  const CONSENT_COOKIE = "lc_consent";
  const SESSION_KEY = "lc_session";
  const SESSION_TIMEOUT = 30 * 60 * 1000;
  const MAX_DURATION = 2147483647; // ms the server stores at most
  const PAGE_START = Date.now() - performance.now();

  let settings = null;
  let consentGiven = null; // true or false once the host page said so
  let pendingPageView = false; // init's page_view, waiting for consent
  let queue = [];
  let sending = false;
  let failures = 0;
  let retryTimer = null;
  let impactTable = null; // {default, rules: [{type, name, impact}]} from the server
  let impactRequested = false;

  function safe(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) {
        return undefined; // the host page must never see our errors
      }
    };
  }

  function init(options) {
    if (settings) return;
    const opts = options || {};
    const url = new URL(opts.endpoint || "/api/v1/events", location.href);
    if (opts.apiKey) url.searchParams.set("api_key", opts.apiKey);
    const crossSite = url.origin !== location.origin;
    settings = {
      url: url.href,
      // Relative to the events URL: its folder, without the site key (feedback needs none).
      feedbackUrl: new URL(opts.feedbackEndpoint || "feedback", url).href,
      configUrl: new URL("events/config", url).href,
      visitorId: opts.visitorId || null,
      crossSite: crossSite,
      batchSize: opts.batchSize > 0 ? opts.batchSize : 10,
    };
    if (typeof opts.consent === "boolean") consentGiven = opts.consent;
    experimentsShown(opts.experiments);
    loadImpactTable();
    setInterval(safe(flush), opts.flushInterval > 0 ? opts.flushInterval : 10000);
    window.addEventListener("pagehide", safe(sendBeacon));
    document.addEventListener(
      "visibilitychange",
      safe(() => {
        if (document.visibilityState === "hidden") sendBeacon();
      })
    );
    if (opts.autoPageView !== false) {
      pendingPageView = !allowed();
      trackPageView();
    } else if (queue.length >= settings.batchSize) {
      flush(); // events tracked before init
    }
  }

  // Only what the server says this page showed (it logged an exposure for each): never guessed here.
  function experimentsShown(assigned) {
    const added = {};
    Object.keys(assigned || {}).forEach((key) => {
      if (typeof assigned[key] === "string") added[key] = assigned[key];
    });
    if (!Object.keys(added).length) return;
    Object.assign(window.LeadCapture.experiments, added);
    const detail = { experiments: Object.assign({}, window.LeadCapture.experiments), added: added };
    document.dispatchEvent(new CustomEvent("leadcapture:experiments", { detail: detail }));
  }

  function trackPageView() {
    track("page_view", location.pathname, { title: document.title });
  }

  function cookie(name) {
    const found = document.cookie.split("; ").find((pair) => pair.startsWith(name + "="));
    return found ? found.slice(name.length + 1) : null;
  }

  function allowed() {
    const choice = cookie(CONSENT_COOKIE);
    if (choice === "necessary") return false;
    if (consentGiven !== null) return consentGiven;
    if (choice === "analytics") return true;
    const meta = document.querySelector('meta[name="lc-tracking-consent"]');
    return !(meta && meta.content === "required");
  }

  function consent(given) {
    consentGiven = Boolean(given);
    if (!consentGiven) {
      queue = [];
      forgetVisitorId();
    } else if (settings) {
      loadImpactTable();
      if (pendingPageView) {
        pendingPageView = false;
        trackPageView();
      }
    }
  }

  function loadImpactTable() {
    if (impactTable || impactRequested || !allowed()) return;
    impactRequested = true;
    fetch(settings.configUrl, { credentials: "omit" })
      .then((response) => (response.ok ? response.json() : null))
      .then((config) => {
        const table = config && config.impact;
        if (!table || !Array.isArray(table.rules)) throw new Error("no impact table");
        impactTable = table;
        safe(flushHighImpact)();
      })
      .catch(() => {
        impactRequested = false; // asked again with the next event
      });
  }

  function flushHighImpact() {
    if (queue.some((event) => impact(event.type, event.name) === "high")) flush();
  }

  function impact(type, name) {
    if (!impactTable) return null;
    let best = null;
    for (const rule of impactTable.rules) {
      if (rule.type !== type || !matches(String(rule.name), name)) continue;
      const rank = specificity(rule);
      if (!best || rank > best.rank) best = { rule: rule, rank: rank };
    }
    return best ? best.rule.impact : impactTable.default;
  }

  function specificity(rule) {
    // An exact name first, then more characters besides * (at most 255), then the higher impact.
    const pattern = String(rule.name);
    const exact = pattern.includes("*") ? 0 : 1e6;
    return exact + pattern.replace(/\*/g, "").length * 10 + IMPACTS.indexOf(rule.impact);
  }

  function matches(pattern, name) {
    if (pattern === "*") return true;
    if (name == null) return false;
    const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp("^" + parts.join("[\\s\\S]*") + "$").test(name);
  }

  function sessionStart(now) {
    let visit = null;
    try {
      visit = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    } catch (e) {
      // storage blocked: the visit is this page
    }
    if (!visit || !(visit.start <= now) || !(now - visit.last <= SESSION_TIMEOUT)) visit = { start: now };
    visit.last = now;
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(visit));
    } catch (e) {
      return Math.min(visit.start, PAGE_START);
    }
    return visit.start;
  }

  function milliseconds(value) {
    return Math.min(Math.max(Math.round(value), 0), MAX_DURATION);
  }

  function track(type, name, properties) {
    if (!allowed()) return; // nothing is kept before the visitor allows analytics
    // A copy now: later changes by the caller, or a value JSON cannot hold, must not reach the queue.
    const props = JSON.parse(JSON.stringify(properties || {}));
    const now = Date.now();
    const event = {
      type: String(type),
      name: name == null ? null : String(name),
      properties: props && typeof props === "object" && !Array.isArray(props) ? props : {},
      page_url: location.href,
      timestamp: new Date(now).toISOString(),
      time_on_page_ms: milliseconds(now - PAGE_START),
      session_duration_ms: milliseconds(now - sessionStart(now)),
    };
    queue.push(event);
    trimQueue();
    if (!settings) return;
    loadImpactTable();
    if (impact(event.type, event.name) === "high" || queue.length >= settings.batchSize) flush();
  }

  function flush() {
    if (!allowed()) queue = [];
    if (!settings || sending || retryTimer || !queue.length) return;
    const batch = queue.slice(0, MAX_SEND);
    const body = JSON.stringify(payload(batch));
    const request = fetch(settings.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body,
      keepalive: body.length < KEEPALIVE_LIMIT, // survives the page being closed
    });
    queue.splice(0, batch.length);
    sending = true;
    request.then(
      safe((response) => finish(batch, response.status)),
      safe(() => finish(batch, 0)) // network error, blocked, or CORS refused
    );
  }

  function finish(batch, status) {
    sending = false;
    if ((status >= 200 && status < 300) || DROP_STATUSES.includes(status)) {
      if (status >= 300) console.warn("LeadCapture: the server refused " + batch.length + " events");
      failures = 0;
      if (queue.length >= settings.batchSize) flush();
      return;
    }
    queue = batch.concat(queue);
    trimQueue();
    failures += 1;
    const delay = Math.min(RETRY_BASE * 2 ** (failures - 1), RETRY_MAX);
    retryTimer = setTimeout(
      safe(() => {
        retryTimer = null;
        flush();
      }),
      delay / 2 + (Math.random() * delay) / 2
    );
  }

  function sendBeacon() {
    if (!allowed()) queue = [];
    if (!settings || !navigator.sendBeacon) return;
    while (queue.length) {
      const batch = queue.slice(0, MAX_SEND);
      // text/plain: a JSON content type would need a CORS preflight, which beacons cannot do.
      const blob = new Blob([JSON.stringify(payload(batch))], { type: "text/plain" });
      if (!navigator.sendBeacon(settings.url, blob)) return; // the rest waits for a later flush
      queue.splice(0, batch.length);
    }
  }

  function payload(events) {
    const body = { events: events, referrer: document.referrer };
    if (visitorId()) body.visitor_id = settings.visitorId;
    if (consentGiven) body.analytics_consent = true;
    return body;
  }

  function visitorId() {
    // Cross-site, the visitor's id is kept in localStorage, only once they allowed analytics.
    if (!settings.visitorId && settings.crossSite) settings.visitorId = storedVisitorId();
    return settings.visitorId;
  }

  function feedback(data) {
    const body = Object.assign({}, data);
    if (!allowed()) {
      body.analytics_consent = false; // kept, but with no visitor
    } else {
      if (settings && visitorId()) body.visitor_id = settings.visitorId;
      if (consentGiven) body.analytics_consent = true;
    }
    const url = settings ? settings.feedbackUrl : new URL("/api/v1/feedback", location.href).href;
    const sent = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    return fetch(url, sent).then((response) =>
      response
        .json()
        .catch(() => ({}))
        .then((answer) => {
          if (response.ok) return answer;
          const refused = answer.error || {};
          const error = new Error(refused.message || "The feedback was not accepted (" + response.status + ").");
          error.status = response.status;
          error.fields = refused.fields || {};
          throw error;
        })
    );
  }

  function promised(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) {
        return Promise.reject(e); // the caller's promise says it, the page is not interrupted
      }
    };
  }

  function trimQueue() {
    if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
  }

  function storedVisitorId() {
    let id = null;
    try {
      id = localStorage.getItem(VISITOR_KEY);
    } catch (e) {
      // storage blocked: a new id for this page only
    }
    if (!VISITOR_ID.test(id || "")) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try {
        localStorage.setItem(VISITOR_KEY, id);
      } catch (e) {
        // as above
      }
    }
    return id;
  }

  function forgetVisitorId() {
    try {
      if (settings && settings.visitorId === localStorage.getItem(VISITOR_KEY)) settings.visitorId = null;
      localStorage.removeItem(VISITOR_KEY);
      sessionStorage.removeItem(SESSION_KEY);
    } catch (e) {
      // storage blocked: nothing was kept
    }
  }

  window.LeadCapture = {
    init: safe(init),
    track: safe(track),
    flush: safe(flush),
    impact: safe(impact),
    consent: safe(consent),
    feedback: promised(feedback),
    experiments: {},
    experimentsShown: safe(experimentsShown),
  };
})();
