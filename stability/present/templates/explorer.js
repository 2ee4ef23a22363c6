// The scenario explorer: sliders move the parameters; verdicts, equilibria, payoff
// matrices, the coalition graph and each slider's thresholds update live.
// Payoffs come from stabilityGameTables (generated from the parser's trees);
// everything here reads DATA (JSON) and writes the page with textContent only.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("scenario-data").textContent);
  const TOLERANCE = 1e-9; // relative, as stability.analysis.joint.RELATIVE_TOLERANCE
  const SCAN_POINTS = 160; // per slider, before bisection
  const BISECTIONS = 48;

  const params = DATA.parameters;
  const actors = DATA.actors;
  const games = DATA.games;
  const N = actors.length;
  const shape = actors.map((a) => a.strategies.length);
  const strides = new Array(N);
  let nProfiles = 1;
  for (let i = N - 1; i >= 0; i--) {
    strides[i] = nProfiles;
    nProfiles *= shape[i];
  }
  const digit = (p, a) => Math.floor(p / strides[a]) % shape[a];

  // For each game and joint profile: the offset of the game's cell (times players).
  const cellOffset = games.map((g) => {
    const n = g.players.length;
    const gStrides = new Array(n);
    let size = 1;
    for (let k = n - 1; k >= 0; k--) {
      gStrides[k] = size;
      size *= g.shape[k];
    }
    const offsets = new Int32Array(nProfiles);
    for (let p = 0; p < nProfiles; p++) {
      let cell = 0;
      for (let k = 0; k < n; k++) cell += digit(p, g.players[k]) * gStrides[k];
      offsets[p] = cell * n;
    }
    g.strides = gStrides;
    g.size = size;
    return offsets;
  });
  const seats = actors.map((_, a) =>
    games.map((g) => g.players.indexOf(a)));

  const playing = actors.map((_, a) => games.map((g, k) => k).filter((k) => seats[a][k] >= 0));
  const tables = games.map((g) => new Float64Array(g.size * g.players.length));
  const payoff = actors.map(() => new Float64Array(nProfiles));
  const effective = new Float64Array(params.length);

  // -- evaluation ---------------------------------------------------------------------

  // The parameters at time t with the play state at s (s is unused without [timeline.play]).
  function valuesAt(base, t, s, out) {
    for (let i = 0; i < base.length; i++) out[i] = base[i];
    if (DATA.timeline && t !== null) stabilityTimeValues(base, t, s, out);
    return out;
  }

  // The parameters at time t along the path played (see playPath) at the current values.
  function timeValues(base, t, out) {
    return valuesAt(base, t, stateAt(currentPath, t), out);
  }

  function computePayoffs(values) {
    stabilityGameTables(values, tables);
    let defined = true;
    for (let a = 0; a < N; a++) {
      const row = payoff[a];
      const mine = playing[a];
      for (let p = 0; p < nProfiles; p++) {
        let total = 0;
        for (let k = 0; k < mine.length; k++) {
          const g = mine[k];
          total += tables[g][cellOffset[g][p] + seats[a][g]];
        }
        if (!Number.isFinite(total)) defined = false;
        row[p] = total;
      }
    }
    return defined;
  }

  // Equilibrium flags of every joint profile: 0 not, 1 weak, 2 strict.
  const flags = new Uint8Array(nProfiles);
  function equilibria() {
    for (let p = 0; p < nProfiles; p++) {
      let flag = 2;
      for (let a = 0; a < N && flag > 0; a++) {
        const row = payoff[a];
        const mine = digit(p, a);
        const base = p - mine * strides[a];
        let best = -Infinity;
        for (let s = 0; s < shape[a]; s++) best = Math.max(best, row[base + s * strides[a]]);
        const tol = TOLERANCE * Math.max(1, Math.abs(best));
        if (row[p] < best - tol) { flag = 0; break; }
        for (let s = 0; s < shape[a]; s++) {
          if (s !== mine && row[base + s * strides[a]] >= best - tol) flag = 1;
        }
      }
      flags[p] = flag;
    }
    return flags;
  }

  function moves(p) {
    const found = [];
    for (let a = 0; a < N; a++) {
      const row = payoff[a];
      const mine = digit(p, a);
      const base = p - mine * strides[a];
      const here = row[p];
      const tol = TOLERANCE * Math.max(1, Math.abs(here));
      for (let s = 0; s < shape[a]; s++) {
        const there = row[base + s * strides[a]];
        if (s !== mine && there - here > tol) {
          found.push({ actor: a, from: mine, to: s, gain: there - here });
        }
      }
    }
    const name = (m) => actors[m.actor].name;
    const compare = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
    // Gains equal up to rounding count as ties (Python compares exact gains).
    const byGain = (x, y) => (Math.abs(x.gain - y.gain) <= TOLERANCE * Math.max(1, Math.abs(x.gain)) ? 0 : y.gain - x.gain);
    found.sort((x, y) => byGain(x, y) || compare(name(x), name(y)) ||
      compare(actors[x.actor].strategies[x.to], actors[y.actor].strategies[y.to]));
    return found;
  }

  function bestMovesTotal(list) {
    const best = new Map();
    for (const m of list) if (!best.has(m.actor) || m.gain > best.get(m.actor)) best.set(m.actor, m.gain);
    let total = 0;
    for (const gain of best.values()) total += gain;
    return total;
  }

  function lexLess(p, q) {
    for (let a = 0; a < N; a++) {
      const d = digit(p, a) - digit(q, a);
      if (d !== 0) return d < 0;
    }
    return false;
  }

  // The whole verdict at one point (what analyze reports), from current payoffs.
  function verdicts() {
    const outcomes = DATA.outcomes.map((o) => {
      const stable = o.members.filter((p) => flags[p] > 0);
      if (stable.length) {
        return {
          equilibrium: true,
          strict: stable.some((p) => flags[p] === 2),
          closest: stable[0],
          moves: [],
        };
      }
      if (!o.members.length) return { equilibrium: false, strict: false, closest: null, moves: [] };
      let closest = null, closestMoves = null, closestTotal = Infinity;
      for (const p of o.members) {
        const list = moves(p);
        const total = bestMovesTotal(list);
        const tol = TOLERANCE * Math.max(1, Math.abs(total));
        if (closest === null || total < closestTotal - tol ||
            (Math.abs(total - closestTotal) <= tol && lexLess(p, closest))) {
          closest = p; closestMoves = list; closestTotal = total;
        }
      }
      return { equilibrium: false, strict: false, closest, moves: closestMoves };
    });
    const eqs = [];
    for (let p = 0; p < nProfiles; p++) if (flags[p] > 0) eqs.push(p);
    return { outcomes, equilibria: eqs };
  }

  // Per outcome: is some member an equilibrium ("1"), not ("0"); "u" undefined.
  function verdictKey(values) {
    if (!computePayoffs(values)) return "u";
    equilibria();
    let key = "";
    for (const o of DATA.outcomes) {
      let holds = "0";
      for (const p of o.members) if (flags[p] > 0) { holds = "1"; break; }
      key += holds;
    }
    return key;
  }

  // -- the path played, when the timeline follows play ([timeline.play]) -----------------
  //
  // As `stability durability` does exactly (stability/analysis/play_path.py), numerically
  // here: play starts at t = 0 from the coalition outcome's first profile that is a pure
  // equilibrium just after 0; a profile is played while it stays an equilibrium, the play
  // state growing at its rate; when it stops, the actors move by best response just after
  // (in the scenario's order, the first that gains moves to its best reply, ties to the
  // first strategy) until none gains. Times are found by a scan of PATH_STEPS steps and
  // bisection; the parameter sliders' thresholds hold the state at its value at the
  // current time on this path.

  const PLAY = DATA.timeline ? DATA.timeline.play : null;
  const PATH_STEPS = 400;
  const MAX_PIECES = 64;
  const rateWork = new Float64Array(PLAY ? PLAY.rates : 0);
  const pathWork = new Float64Array(params.length);
  let currentPath = null;

  function isEquilibrium(p, tolerance) {
    for (let a = 0; a < N; a++) {
      const row = payoff[a];
      const base = p - digit(p, a) * strides[a];
      let best = -Infinity;
      for (let x = 0; x < shape[a]; x++) best = Math.max(best, row[base + x * strides[a]]);
      if (row[p] < best - tolerance * Math.max(1, Math.abs(best))) return false;
    }
    return true;
  }

  // Best-response moves from p just after t (the state s growing at p's rate).
  function bestResponse(base, p, t, s, rateOf, after) {
    const moves = [];
    const seen = new Set([p]);
    for (let k = 0; k < nProfiles; k++) {
      const r = rateOf(p);
      if (!computePayoffs(valuesAt(base, t + after, s + r * after, pathWork))) return { profile: null, moves };
      let mover = null;
      for (let a = 0; a < N && mover === null; a++) {
        const row = payoff[a];
        const mine = digit(p, a);
        const start = p - mine * strides[a];
        const here = row[p];
        const tol = TOLERANCE * Math.max(1, Math.abs(here));
        let best = null, bestGain = 0;
        for (let x = 0; x < shape[a]; x++) {
          const gain = row[start + x * strides[a]] - here;
          if (x === mine || gain <= tol) continue;
          if (best === null || gain - bestGain > tol) { best = x; bestGain = gain; }
        }
        if (best !== null) mover = [a, mine, best];
      }
      if (mover === null) return { profile: p, moves };
      const [a, from, to] = mover;
      moves.push({ actor: actors[a].name, from: actors[a].strategies[from], to: actors[a].strategies[to] });
      p += (to - from) * strides[a];
      if (seen.has(p)) return { profile: null, moves };
      seen.add(p);
    }
    return { profile: null, moves };
  }

  // The pieces of play from 0 to the horizon at base values `base`: {start, stop,
  // profile, rate, s0 (the state at start), moves}; `settled` is false when the moves
  // cycle, play lands on a profile that fails at once, or MAX_PIECES is reached.
  function playPath(base) {
    if (!PLAY) return null;
    stabilityPlayRates(base, rateWork);
    const rateOf = (p) => rateWork[PLAY.rate_index[p]];
    const horizon = DATA.timeline.horizon;
    const after = 1e-7 * horizon;
    const holds = (p, t, s, tolerance = TOLERANCE) =>
      computePayoffs(valuesAt(base, t, s, pathWork)) && isEquilibrium(p, tolerance);
    // Where a profile stops being an equilibrium is bisected with a thousandth of the
    // tolerance (rounding only), so the break is where its margin crosses 0, as in Python.
    const EDGE = TOLERANCE / 1000;
    const k = DATA.outcomes.findIndex((o) => o.name === DATA.coalition_outcome);
    const members = k < 0 ? [] : DATA.outcomes[k].members;
    let current = members.find((p) => holds(p, after, rateOf(p) * after));
    let moves = [];
    if (current === undefined) {
      current = null;
      if (members.length) ({ profile: current, moves } = bestResponse(base, members[0], 0, 0, rateOf, after));
    }
    const pieces = [];
    let t = 0, s = 0, settled = current !== null;
    while (current !== null) {
      const r = rateOf(current);
      if (pieces.length >= MAX_PIECES || !holds(current, t + after, s + r * after)) { settled = false; break; }
      let stop = horizon, previous = t;
      const step = horizon / PATH_STEPS;
      for (let x = Math.min(horizon, t + step); ; x = Math.min(horizon, x + step)) {
        if (!holds(current, x, s + r * (x - t))) {
          let a = previous, b = x;
          for (let i = 0; i < BISECTIONS && b - a > 1e-13 * horizon; i++) {
            const m = (a + b) / 2;
            if (holds(current, m, s + r * (m - t), EDGE)) a = m; else b = m;
          }
          stop = (a + b) / 2;
          break;
        }
        previous = x;
        if (x >= horizon) break;
      }
      pieces.push({ start: t, stop, profile: current, rate: r, s0: s, moves });
      if (stop >= horizon) break;
      s += r * (stop - t);
      t = stop;
      ({ profile: current, moves } = bestResponse(base, current, t, s, rateOf, after));
      if (current === null) settled = false;
    }
    return { pieces, settled };
  }

  // The play state at time t on a path (held at its last value past where play stopped).
  function stateAt(path, t) {
    if (path === null || t === null || !path.pieces.length) return 0;
    let piece = path.pieces[0];
    for (const q of path.pieces) if (q.start <= t) piece = q;
    return piece.s0 + piece.rate * (Math.min(t, piece.stop) - piece.start);
  }

  // -- state ----------------------------------------------------------------------------

  const state = {
    text: params.map((p) => p.exact),
    values: params.map((p) => p.value),
    time: DATA.timeline ? 0 : null,
    graphProfile: null,
    lastUpdateMs: 0,
    lastThresholdsMs: 0,
  };

  const NUMBER = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:\/\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*)?$/;
  function parseNumber(text) {
    const m = NUMBER.exec(text);
    if (!m) return null;
    const value = m[2] === undefined ? Number(m[1]) : Number(m[1]) / Number(m[2]);
    return Number.isFinite(value) ? value : null;
  }

  function formatValue(x) {
    if (!Number.isFinite(x)) return String(x);
    const r = Math.round(x * 1e6) / 1e6;
    return String(Object.is(r, -0) ? 0 : r);
  }

  // A value for people: an exact-looking fraction with its decimal ("96/17 ≈ 5.65") when
  // one with a small denominator matches, else a short decimal.
  function niceValue(x) {
    if (!Number.isFinite(x)) return String(x);
    if (Math.abs(x - Math.round(x)) <= 1e-9 * Math.max(1, Math.abs(x))) return String(Math.round(x));
    let h0 = 1, h1 = 0, k0 = 0, k1 = 1, rest = x;
    for (let i = 0; i < 20; i++) {
      const a = Math.floor(rest);
      [h0, h1] = [a * h0 + h1, h0];
      [k0, k1] = [a * k0 + k1, k0];
      if (k0 > 1000) break;
      if (Math.abs(h0 / k0 - x) <= 1e-9 * Math.max(1, Math.abs(x))) return `${h0}/${k0} ≈ ${x.toFixed(2)}`;
      if (rest === a) break;
      rest = 1 / (rest - a);
    }
    return formatValue(Math.round(x * 1e4) / 1e4);
  }

  // -- the page -------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "className") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  const profileNames = (p) => actors.map((a, i) => a.strategies[digit(p, i)]);
  const profileText = (p) => actors.map((a, i) => `${a.name}: ${a.strategies[digit(p, i)]}`).join(", ");
  const profileNamesObject = (p) => Object.fromEntries(actors.map((a, i) => [a.name, a.strategies[digit(p, i)]]));

  const controls = [];
  function buildControls() {
    const box = $("parameters");
    params.forEach((p, i) => {
      const slider = el("input", {
        type: "range", min: String(p.low), max: String(p.high),
        step: "any", value: String(p.value),
        id: `slider-${i}`, "aria-label": p.name, "data-parameter": p.name,
      });
      const number = el("input", {
        type: "text", value: p.exact, id: `number-${i}`, size: "9",
        "aria-label": `${p.name} (a number or a fraction such as 3/4)`, "data-parameter": p.name,
      });
      const ticks = el("div", { className: "ticks", id: `ticks-${i}` });
      const note = el("div", { className: "thresholds", id: `thresholds-${i}` });
      const label = el("label", { for: `slider-${i}`, title: p.doc || p.name, text: p.name });
      const range = el("span", { className: "range", text: `${p.low_exact} … ${p.high_exact}` });
      const varies = DATA.timeline && DATA.timeline.vary.includes(i);
      const atTime = varies ? el("span", { className: "at-time", id: `at-time-${i}` }) : null;
      const row = el("div", { className: "parameter" },
        el("div", { className: "parameter-head" }, label, number, range, atTime),
        el("div", { className: "track" }, slider, ticks), note);
      // The meaning on demand: a hover tooltip would move the layout under the pointer.
      if (p.doc) row.append(el("details", { className: "doc" }, el("summary", { text: "meaning" }), p.doc));
      box.append(row);
      slider.addEventListener("input", () => {
        const snapped = snapValue(i, Number(slider.value));
        state.values[i] = snapped.value;
        state.text[i] = snapped.text;
        slider.value = String(snapped.value);
        number.value = state.text[i];
        number.classList.remove("invalid");
        update();
      });
      number.addEventListener("change", () => setText(i, number.value));
      number.addEventListener("keydown", (e) => { if (e.key === "Enter") setText(i, number.value); });
      controls.push({ slider, number, ticks, note });
    });
    if (DATA.timeline) {
      const tl = DATA.timeline;
      const slider = el("input", {
        type: "range", min: "0", max: String(tl.horizon), step: String(tl.horizon / 1000),
        value: "0", id: "time-slider", "aria-label": "time",
      });
      const number = el("input", { type: "text", value: "0", id: "time-number", size: "9",
        "aria-label": `time in ${tl.unit}` });
      const ticks = el("div", { className: "ticks", id: "time-ticks" });
      const head = el("div", { className: "parameter-head" },
        el("label", { for: "time-slider", title: tl.doc, text: `time (${tl.unit})` }), number,
        el("span", { className: "range", text: `0 … ${tl.horizon_exact}` }));
      const box2 = $("timeline");
      box2.append(el("div", { className: "parameter time" }, head,
        el("div", { className: "track" }, slider, ticks),
        el("div", { className: "thresholds", id: "time-thresholds" }),
        el("div", { className: "thresholds end-note", id: "time-end" }),
        el("div", { className: "thresholds", id: "time-values" })));
      box2.hidden = false;
      slider.addEventListener("input", () => {
        state.time = Number(slider.value);
        number.value = formatValue(state.time);
        update();
      });
      number.addEventListener("change", () => {
        const t = parseNumber(number.value);
        if (t === null || t < 0 || t > tl.horizon) { number.classList.add("invalid"); return; }
        number.classList.remove("invalid");
        state.time = t; slider.value = String(t); update();
      });
    }
    $("reset").addEventListener("click", () => {
      params.forEach((p, i) => { state.text[i] = p.exact; state.values[i] = p.value; });
      if (DATA.timeline) state.time = 0;
      syncControls();
      update();
    });
    $("copy-command").addEventListener("click", () => {
      const text = commandLine();
      const done = () => { $("copy-status").textContent = "copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, () => { $("copy-status").textContent = "select the line and copy it"; });
      } else {
        $("copy-status").textContent = "select the line and copy it";
      }
    });
    $("graph-choice").addEventListener("change", (e) => {
      state.graphProfile = Number(e.target.value);
      drawGraph(state.graphProfile, lastVerdict);
      renderCoalitions(state.graphProfile);
    });
  }

  // A dragged value lands exactly on the scenario's value or a threshold within one
  // slider step (a thousandth of the range) of it; the exact text goes with it.
  function snapValue(i, x) {
    const p = params[i];
    const step = (p.high - p.low) / 1000;
    if (Math.abs(x - p.value) <= step) return { value: p.value, text: p.exact };
    const marks = JSON.parse(controls[i] ? controls[i].ticks.getAttribute("data-thresholds") || "[]" : "[]");
    for (const t of marks) if (Math.abs(x - t) <= step) return { value: t, text: formatValue(t) };
    for (const end of [[p.low, p.low_exact], [p.high, p.high_exact]]) {
      if (Math.abs(x - end[0]) <= step) return { value: end[0], text: end[1] };
    }
    // Elsewhere the value is the one its text shows (a millionth), so the number box, the
    // address and the copied command all name the value the page computed with.
    const text = formatValue(x);
    return { value: Number(text), text };
  }

  function setText(i, text) {
    const p = params[i];
    const value = parseNumber(text);
    const number = controls[i].number;
    if (value === null || value < p.low || value > p.high) {
      number.classList.add("invalid");
      number.title = `expected a number or a fraction from ${p.low_exact} to ${p.high_exact}`;
      return false;
    }
    number.classList.remove("invalid");
    number.title = "";
    state.text[i] = text.trim();
    state.values[i] = value;
    controls[i].slider.value = String(value);
    update();
    return true;
  }

  function syncControls() {
    params.forEach((p, i) => {
      controls[i].number.value = state.text[i];
      controls[i].slider.value = String(state.values[i]);
      controls[i].number.classList.remove("invalid");
    });
    if (DATA.timeline) {
      $("time-slider").value = String(state.time);
      $("time-number").value = formatValue(state.time);
    }
  }

  // -- URL fragment ---------------------------------------------------------------------

  function writeFragment() {
    const parts = params.map((p, i) => `${encodeURIComponent(p.name)}=${encodeURIComponent(state.text[i])}`);
    if (DATA.timeline) parts.push(`t=${encodeURIComponent(formatValue(state.time))}`);
    try {
      history.replaceState(null, "", `#${parts.join("&")}`);
    } catch (err) {
      // An embedded copy (about:srcdoc) may not rewrite its address; nothing to share then.
    }
  }

  function readFragment() {
    const hash = location.hash.replace(/^#/, "");
    if (!hash) return;
    for (const part of hash.split("&")) {
      const [rawName, rawValue] = part.split("=");
      if (rawValue === undefined) continue;
      let name, text;
      try { name = decodeURIComponent(rawName); text = decodeURIComponent(rawValue); } catch (err) { continue; }
      const value = parseNumber(text);
      if (value === null) continue;
      if (name === "t" && DATA.timeline && !params.some((p) => p.name === "t")) {
        if (value >= 0 && value <= DATA.timeline.horizon) state.time = value;
        continue;
      }
      const i = params.findIndex((p) => p.name === name);
      if (i >= 0 && value >= params[i].low && value <= params[i].high) {
        state.text[i] = text; state.values[i] = value;
      }
    }
  }

  // -- rendering ------------------------------------------------------------------------

  let lastVerdict = null;

  function renderOutcomes(verdict) {
    const body = $("outcomes-body");
    body.replaceChildren();
    DATA.outcomes.forEach((o, k) => {
      const v = verdict.outcomes[k];
      let word, cls;
      if (v.equilibrium) { word = v.strict ? "equilibrium (strict)" : "equilibrium (weak)"; cls = "yes"; }
      else { word = "not an equilibrium"; cls = "no"; }
      let detail;
      if (v.equilibrium) detail = profileText(v.closest);
      else if (v.closest === null) detail = "no profile belongs to this outcome";
      else {
        detail = `from ${profileText(v.closest)}: ` + v.moves.map((m) =>
          `${actors[m.actor].name} gains ${formatValue(m.gain)} by ${actors[m.actor].strategies[m.from]} → ${actors[m.actor].strategies[m.to]}`).join("; ");
      }
      const row = el("tr", {
        "data-outcome": o.name, "data-equilibrium": String(v.equilibrium), "data-strict": String(v.strict),
        "data-closest": v.closest === null ? "null" : JSON.stringify(profileNamesObject(v.closest)),
        "data-movers": JSON.stringify(v.moves.map((m) => [actors[m.actor].name, actors[m.actor].strategies[m.to], m.gain])),
      },
      el("th", { title: o.doc || "", text: o.name }),
      el("td", { className: cls, text: word }),
      el("td", { text: detail }));
      body.append(row);
    });
  }

  function renderEquilibria(verdict) {
    const list = $("equilibria-list");
    list.replaceChildren();
    if (!verdict.equilibria.length) list.append(el("li", { text: "No pure equilibrium at these values." }));
    for (const p of verdict.equilibria) {
      const outcomes = DATA.outcomes.filter((o) => o.members.includes(p)).map((o) => o.name);
      const pays = actors.map((a, i) => `${a.name} ${formatValue(payoff[i][p])}`).join(", ");
      const bal = DATA.profiles[p].balanced ? "balanced" : "not balanced";
      list.append(el("li", {
        "data-profile": JSON.stringify(profileNamesObject(p)), "data-strict": String(flags[p] === 2),
      },
      el("strong", { text: profileText(p) }),
      el("span", { text: ` — ${outcomes.length ? outcomes.join(", ") : "no named outcome"}; ${flags[p] === 2 ? "strict" : "weak"}; payoffs ${pays}; graph ${bal}` })));
    }
  }

  function gameEquilibrium(g, t, cell) {
    // cell: array of strategy indices, one per player of the game.
    const n = g.players.length;
    let flat = 0;
    for (let k = 0; k < n; k++) flat += cell[k] * g.strides[k];
    for (let k = 0; k < n; k++) {
      const here = t[flat * n + k];
      const base = flat - cell[k] * g.strides[k];
      let best = -Infinity;
      for (let s = 0; s < g.shape[k]; s++) best = Math.max(best, t[(base + s * g.strides[k]) * n + k]);
      if (here < best - TOLERANCE * Math.max(1, Math.abs(best))) return false;
    }
    return true;
  }

  function renderGames() {
    const box = $("games-list");
    box.replaceChildren();
    games.forEach((g, gi) => {
      const t = tables[gi];
      const n = g.players.length;
      const names = g.players.map((a) => actors[a].name);
      const section = el("div", { className: "game", "data-game": g.name },
        el("h3", { title: g.doc || "", text: g.name }));
      if (n === 2) {
        const [r, c] = g.players;
        const table = el("table", { className: "matrix" });
        const head = el("tr", {}, el("th", { text: `${actors[r].name} \\ ${actors[c].name}` }));
        actors[c].strategies.forEach((s) => head.append(el("th", { text: s })));
        table.append(head);
        actors[r].strategies.forEach((rs, i) => {
          const tr = el("tr", {}, el("th", { text: rs }));
          actors[c].strategies.forEach((_, j) => {
            const flat = i * g.strides[0] + j * g.strides[1];
            const eq = gameEquilibrium(g, t, [i, j]);
            tr.append(el("td", { className: eq ? "eq" : "", "data-equilibrium": String(eq),
              title: eq ? "a pure equilibrium of this game" : "",
              text: `${formatValue(t[flat * 2])}, ${formatValue(t[flat * 2 + 1])}` }));
          });
          table.append(tr);
        });
        section.append(table);
      } else {
        const table = el("table", { className: "matrix" });
        const head = el("tr", {});
        names.forEach((name) => head.append(el("th", { text: name })));
        head.append(el("th", { text: "payoffs" }));
        table.append(head);
        for (let flat = 0; flat < g.size; flat++) {
          const cell = g.shape.map((size, k) => Math.floor(flat / g.strides[k]) % size);
          const eq = gameEquilibrium(g, t, cell);
          const tr = el("tr", { className: eq ? "eq" : "" });
          cell.forEach((s, k) => tr.append(el("td", { text: actors[g.players[k]].strategies[s] })));
          tr.append(el("td", { "data-equilibrium": String(eq),
            text: Array.from({ length: n }, (_, k) => formatValue(t[flat * n + k])).join(", ") }));
          table.append(tr);
        }
        section.append(table);
      }
      box.append(section);
    });
  }

  function chooseGraphProfile(verdict) {
    if (state.graphProfile !== null && verdict.equilibria.includes(state.graphProfile)) return state.graphProfile;
    const coalition = DATA.outcomes.find((o) => o.name === DATA.coalition_outcome);
    if (coalition) {
      const p = coalition.members.find((q) => flags[q] > 0);
      if (p !== undefined) return p;
    }
    if (verdict.equilibria.length) return verdict.equilibria[0];
    const k = DATA.outcomes.findIndex((o) => o.name === DATA.coalition_outcome);
    if (k >= 0 && verdict.outcomes[k].closest !== null) return verdict.outcomes[k].closest;
    return 0;
  }

  function renderGraphChoice(verdict, chosen) {
    const select = $("graph-choice");
    select.replaceChildren();
    const options = verdict.equilibria.includes(chosen) ? verdict.equilibria : [chosen, ...verdict.equilibria];
    for (const p of options) {
      const outcomes = DATA.outcomes.filter((o) => o.members.includes(p)).map((o) => o.name);
      const label = `${flags[p] > 0 ? "equilibrium" : "not an equilibrium"}: ${outcomes.join(", ") || profileNames(p).join(" / ")}`;
      const option = el("option", { value: String(p), text: label });
      if (p === chosen) option.selected = true;
      select.append(option);
    }
  }

  const EDGE = { 1: ["#2e7d32", "", "cooperation"], "-1": ["#c62828", "7 5", "conflict"], 0: ["#9e9e9e", "2 4", "neutral"] };
  function drawGraph(p, verdict) {
    const box = $("graph");
    box.replaceChildren();
    const info = DATA.profiles[p];
    const size = 360, radius = 120, centre = size / 2;
    const pad = Math.max(0, Math.max(...actors.map((a) => a.label.length * 8.1 + 14)) / 2 - 60);
    const picture = svg("svg", { viewBox: `${-pad} 0 ${size + 2 * pad} ${size}`, role: "img", class: "graph-svg" });
    const title = svg("title", {});
    title.textContent = `Coalition graph of ${profileText(p)}`;
    picture.append(title);
    const at = actors.map((_, i) => {
      const angle = Math.PI * 3 / 4 - 2 * Math.PI * i / Math.max(N, 1);
      return [centre + radius * Math.cos(angle), centre - radius * Math.sin(angle)];
    });
    for (const [i, j, sign] of info.edges) {
      const [colour, dash, word] = EDGE[sign];
      const line = svg("line", { x1: at[i][0], y1: at[i][1], x2: at[j][0], y2: at[j][1],
        stroke: colour, "stroke-width": "3", "stroke-dasharray": dash, "data-sign": String(sign) });
      const tip = svg("title", {});
      tip.textContent = `${actors[i].name} – ${actors[j].name}: ${word}`;
      line.append(tip);
      picture.append(line);
      const mark = svg("text", { x: (at[i][0] + at[j][0]) / 2, y: (at[i][1] + at[j][1]) / 2 - 4,
        "text-anchor": "middle", class: "edge-sign", fill: colour });
      mark.textContent = sign > 0 ? "+" : sign < 0 ? "−" : "0";
      picture.append(mark);
    }
    actors.forEach((a, i) => {
      // the node is as wide as its label (at about 0.62 em per character of 13 px bold)
      const width = Math.max(48, a.label.length * 8.1 + 14);
      picture.append(svg("rect", { x: at[i][0] - width / 2, y: at[i][1] - 15, width, height: 28,
        rx: "14", fill: "#e3ecf7", stroke: "#37474f", class: "node" }));
      const label = svg("text", { x: at[i][0], y: at[i][1] + 5, "text-anchor": "middle", class: "node-label" });
      label.textContent = a.label;
      picture.append(label);
      const strategy = svg("text", { x: at[i][0], y: at[i][1] + 40, "text-anchor": "middle", class: "node-strategy" });
      strategy.textContent = a.strategies[digit(p, i)];
      picture.append(strategy);
      const tip = svg("title", {});
      tip.textContent = `${a.name}: ${a.strategies[digit(p, i)]}`;
      label.append(tip);
    });
    box.append(picture);
    let text;
    if (info.balanced) {
      const camps = info.camps.filter((c) => c.length).map((c) => `{${c.join(", ")}}`);
      text = `Balanced: ${camps.length > 1 ? "two camps, " + camps.join(" against ") : "one camp, " + camps[0]}.`;
    } else {
      text = `Not balanced: ${info.unbalanced_cycles.map((c) => c.join(" – ")).join("; ")} ` +
        `${info.unbalanced_cycles.length === 1 ? "is a cycle" : "are cycles"} with an odd number of conflicts.`;
    }
    $("graph-balance").textContent = text;
    $("graph-balance").setAttribute("data-balanced", String(info.balanced));
    $("graph-profile").textContent = `${flags[p] > 0 ? "Equilibrium" : "Not an equilibrium"}: ${profileText(p)}`;
  }

  // -- thresholds on each slider ------------------------------------------------------

  function describeChange(before, after) {
    const words = [];
    DATA.outcomes.forEach((o, k) => {
      if (before === "u" || after === "u") return;
      if (before[k] !== after[k]) words.push(`${o.name} ${after[k] === "1" ? "becomes" : "stops being"} an equilibrium`);
    });
    if (before === "u" || after === "u") words.push(after === "u" ? "payoffs become undefined" : "payoffs become defined");
    return words.join("; ");
  }

  // Points in [low, high] where verdictKey(at(x)) changes, by scan then bisection.
  function findChanges(low, high, at) {
    const found = [];
    if (!(high > low)) return found;
    let prevX = low, prevKey = verdictKey(at(low));
    for (let k = 1; k <= SCAN_POINTS; k++) {
      const x = k === SCAN_POINTS ? high : low + (high - low) * k / SCAN_POINTS;
      const key = verdictKey(at(x));
      if (key !== prevKey) {
        let a = prevX, b = x, keyA = prevKey, keyB = key;
        for (let i = 0; i < BISECTIONS && b - a > 1e-13 * (high - low); i++) {
          const m = (a + b) / 2;
          const km = verdictKey(at(m));
          if (km === keyA) a = m; else { b = m; keyB = km; }
        }
        // Crossing upwards changes keyA into keyB; downwards the reverse.
        found.push({ value: (a + b) / 2, up: describeChange(keyA, keyB), down: describeChange(keyB, keyA) });
      }
      prevX = x; prevKey = key;
    }
    return found;
  }

  const work = new Float64Array(params.length);
  const workBase = new Float64Array(params.length);
  function thresholds() {
    const base = Float64Array.from(state.values);
    const result = params.map((p, i) => {
      workBase.set(base);
      return findChanges(p.low, p.high, (x) => {
        workBase[i] = x;
        return timeValues(workBase, state.time, work);
      });
    });
    let timeResult = null;
    if (DATA.timeline) {
      timeResult = findChanges(0, DATA.timeline.horizon, (t) => timeValues(base, t, work));
    }
    return { params: result, time: timeResult, end: campaignEnd(base) };
  }

  // The first time in [0, horizon] at which the campaign's end condition holds, or null.
  function campaignEnd(base) {
    if (!DATA.timeline || !DATA.timeline.end) return null;
    const horizon = DATA.timeline.horizon;
    const ended = (t) => stabilityTimeEnd(timeValues(base, t, work), t, stateAt(currentPath, t)) <= 0;
    if (ended(0)) return 0;
    let previous = 0;
    for (let k = 1; k <= SCAN_POINTS * 2; k++) {
      const t = horizon * k / (SCAN_POINTS * 2);
      if (ended(t)) {
        let a = previous, b = t;
        for (let i = 0; i < BISECTIONS && b - a > 1e-13 * horizon; i++) {
          const m = (a + b) / 2;
          if (ended(m)) b = m; else a = m;
        }
        return b;
      }
      previous = t;
    }
    return null;
  }

  function renderTicks(ticks, note, changes, low, high, current) {
    ticks.replaceChildren();
    ticks.setAttribute("data-thresholds", JSON.stringify(changes.map((c) => c.value)));
    for (const c of changes) {
      const left = high > low ? (c.value - low) / (high - low) * 100 : 0;
      const raising = c.value > current;
      ticks.append(el("span", { className: "tick", style: `left:${left}%`,
        title: `${niceValue(c.value)}: ${raising ? c.up : c.down} (${raising ? "raising" : "lowering"} it past here)` }));
    }
    if (!changes.length) { note.textContent = "No verdict changes over this range with the others held."; return; }
    const below = changes.filter((c) => c.value <= current).pop();
    const above = changes.find((c) => c.value > current);
    const parts = [];
    if (below) parts.push(`↓ ${niceValue(below.value)} (${niceValue(current - below.value)} away): ${below.down}`);
    if (above) parts.push(`↑ ${niceValue(above.value)} (${niceValue(above.value - current)} away): ${above.up}`);
    note.textContent = parts.join(" · ");
  }

  function renderEnd(end) {
    const ticks = $("time-ticks");
    ticks.setAttribute("data-end", end === null ? "null" : String(end));
    if (!DATA.timeline.end) return;
    const label = DATA.timeline.end;
    const note = $("time-end");
    if (end === null) {
      note.textContent = `Campaign end (${label}): not within the horizon at these values.`;
      return;
    }
    ticks.append(el("span", { className: "tick end", style: `left:${end / DATA.timeline.horizon * 100}%`,
      title: `${formatValue(end)} ${DATA.timeline.unit}: ${label}` }));
    note.textContent = `Campaign end: ${label} at t = ${formatValue(end)} ${DATA.timeline.unit}` +
      (state.time >= end ? " (already past)." : ` (${formatValue(end - state.time)} from now).`);
  }

  // -- summary, durability timeline, command (issue 25) --------------------------------

  // The verdicts in one line, kept in view on narrow screens (CSS: position sticky).
  function renderSummary(verdict) {
    const box = $("summary");
    box.replaceChildren();
    if (verdict === null) { box.append(el("span", { text: "Undefined payoffs at these values." })); return; }
    DATA.outcomes.forEach((o, k) => {
      const yes = verdict.outcomes[k].equilibrium;
      box.append(el("span", { className: `pill ${yes ? "yes" : "no"}`, "data-outcome": o.name,
        title: o.doc || o.name, text: `${yes ? "✓" : "✗"} ${o.name}` }));
    });
    const lasting = $("durability-verdict").textContent;
    if (lasting) box.append(el("span", { className: "pill lasting", text: lasting }));
  }

  const DURABILITY_POINTS = 240;
  // Along the timeline from t = 0: where the coalition outcome is an equilibrium, the
  // campaign's end, and the verdict (outlasts the campaign, or breaks first).
  function renderDurability(end) {
    const box = $("durability");
    const k = DATA.outcomes.findIndex((o) => o.name === DATA.coalition_outcome);
    if (!DATA.timeline || k < 0) { box.hidden = true; return; }
    box.hidden = false;
    const horizon = DATA.timeline.horizon;
    const base = Float64Array.from(state.values);
    const holds = [];
    for (let j = 0; j <= DURABILITY_POINTS; j++) {
      const key = verdictKey(timeValues(base, horizon * j / DURABILITY_POINTS, work));
      holds.push(key !== "u" && key[k] === "1");
    }
    const breaks = holds.indexOf(false);
    let breakAt = breaks < 0 ? null : horizon * breaks / DURABILITY_POINTS;
    if (breaks > 0) {  // bisect between the last point where it holds and the first where not
      let a = horizon * (breaks - 1) / DURABILITY_POINTS, b = breakAt;
      for (let i = 0; i < BISECTIONS && b - a > 1e-13 * horizon; i++) {
        const m = (a + b) / 2;
        const key = verdictKey(timeValues(base, m, work));
        if (key !== "u" && key[k] === "1") a = m; else b = m;
      }
      breakAt = (a + b) / 2;
    }
    const unit = DATA.timeline.unit;
    let verdict;
    if (breakAt === 0) verdict = "the coalition is not an equilibrium at t = 0";
    else if (end === null) verdict = breakAt === null ? "holds over the whole horizon (no campaign end in it)"
      : `breaks at t ≈ ${niceValue(breakAt)} ${unit}; no campaign end within the horizon`;
    else if (breakAt === null || breakAt > end) verdict = `outlasts the campaign (it ends at t ≈ ${niceValue(end)} ${unit})`;
    else verdict = `breaks first: at t ≈ ${niceValue(breakAt)} ${unit}, before the campaign ends at t ≈ ${niceValue(end)} ${unit}`;
    $("durability-verdict").textContent = `${DATA.coalition_outcome}: ${verdict}`;
    box.setAttribute("data-break", breakAt === null ? "null" : String(breakAt));
    box.setAttribute("data-end", end === null ? "null" : String(end));
    const width = 600, height = 34;
    const picture = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "durability-svg", role: "img" });
    const tip = svg("title", {});
    tip.textContent = `Where ${DATA.coalition_outcome} is an equilibrium along the timeline`;
    picture.append(tip);
    const step = width / DURABILITY_POINTS;
    let from = 0;
    for (let j = 1; j <= DURABILITY_POINTS + 1; j++) {
      if (j === DURABILITY_POINTS + 1 || holds[j] !== holds[from]) {
        picture.append(svg("rect", { x: from * step, y: 4, width: (j - from) * step, height: 18,
          class: holds[from] ? "holds" : "broken" }));
        from = j;
      }
    }
    if (end !== null) {
      const x = end / horizon * width;
      picture.append(svg("line", { x1: x, x2: x, y1: 0, y2: height, class: "campaign-end" }));
    }
    const now = state.time !== null ? state.time / horizon * width : 0;
    picture.append(svg("line", { x1: now, x2: now, y1: 0, y2: 26, class: "now" }));
    $("durability-chart").replaceChildren(picture);
    renderPath(currentPath, unit);
  }

  // The path played, piece by piece, in the scenario's words (timelines that follow play).
  function renderPath(path, unit) {
    const list = $("durability-path");
    list.replaceChildren();
    list.hidden = path === null;
    if (path === null) return;
    for (const q of path.pieces) {
      const who = q.moves.map((m) => `${m.actor} moves from ${m.from} to ${m.to}`).join(", then ");
      const names = DATA.outcomes.filter((o) => o.members.includes(q.profile)).map((o) => o.name);
      const what = names.length ? names.join(" and ") : `no outcome (${profileText(q.profile)})`;
      list.append(el("li", { "data-profile": String(q.profile), "data-start": String(q.start),
        "data-stop": String(q.stop),
        text: `t ≈ ${niceValue(q.start)} to ${niceValue(q.stop)} ${unit}: ${who ? `${who}; ` : ""}` +
          `${what} is played, ${PLAY.state} growing at ${niceValue(q.rate)} per unit of time.` }));
    }
    if (!path.settled) {
      list.append(el("li", { text: "Then play reaches no pure equilibrium (the moves cycle, or land on a profile that fails at once); " +
        `${PLAY.state} is held at its last value.` }));
    }
  }

  // The command line that gives these values: stability analyze SOURCE --set name=value.
  function quoted(word) {
    return /^[\w.\/=+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
  }
  function commandLine() {
    const words = ["stability", "analyze", quoted(DATA.source)];
    params.forEach((p, i) => {
      if (state.text[i] !== p.exact) words.push("--set", quoted(`${p.name}=${state.text[i]}`));
    });
    return words.join(" ");
  }
  function renderCommand() {
    $("command").textContent = commandLine();
  }

  // -- coalition structures (issue 26) --------------------------------------------------
  // As `stability coalitions` at its defaults (pessimistic ranking, no transfers), from
  // the current payoffs. DATA.coalitions holds what depends only on the structures.

  const CS = DATA.coalitions;

  // Each actor's payoffs as dense ranks; values within TOLERANCE count as equal.
  function payoffRanks() {
    return actors.map((_, a) => {
      const row = payoff[a];
      const order = Array.from({ length: nProfiles }, (_, p) => p).sort((x, y) => row[x] - row[y]);
      const ranks = new Int32Array(nProfiles);
      let rank = 0, anchor = row[order[0]];
      for (const p of order) {
        if (row[p] - anchor > TOLERANCE * Math.max(1, Math.abs(anchor))) { rank++; anchor = row[p]; }
        ranks[p] = rank;
      }
      return ranks;
    });
  }

  // blocked[m][p]: coalition m (a bitmask) has a joint change that every member gains by.
  function blockedProfiles(ranks) {
    const masks = 1 << N;
    const blocked = Array.from({ length: masks }, () => new Uint8Array(nProfiles));
    for (let p = 0; p < nProfiles; p++) {
      for (let q = 0; q < nProfiles; q++) {
        if (q === p) continue;
        let differ = 0, better = 0;
        for (let a = 0; a < N; a++) {
          if (digit(p, a) !== digit(q, a)) differ |= 1 << a;
          if (ranks[a][q] > ranks[a][p]) better |= 1 << a;
        }
        if ((differ & better) !== differ) continue;
        // every m with differ ⊆ m ⊆ better blocks p
        const free = better & ~differ;
        for (let extra = free; ; extra = (extra - 1) & free) {
          blocked[differ | extra][p] = 1;
          if (extra === 0) break;
        }
      }
    }
    return blocked;
  }

  function coalitionVerdicts() {
    const S = CS.structures.length;
    const ranks = payoffRanks();
    const blocked = blockedProfiles(ranks);
    const equilibria = CS.structures.map((s) => {
      const found = [];
      for (let p = 0; p < nProfiles; p++) {
        if (s.masks.every((m) => !blocked[m][p])) found.push(p);
      }
      return found;
    });
    const low = actors.map((_, a) => equilibria.map((eqs) =>
      eqs.length ? Math.min(...eqs.map((p) => ranks[a][p])) : -1));
    const prefers = (a, to, from) => low[a][to] > low[a][from];
    const stable = {};
    for (const c of CS.concepts) stable[c.key] = new Array(S).fill(true);
    const actorMoves = CS.structures.map(() => []);
    CS.structures.forEach((s, k) => {
      for (let i = 0; i < N; i++) {
        for (let c = 0; c <= N; c++) {
          const t = CS.moves[k][i][c];
          if (t < 0 || !prefers(i, t, k)) continue;
          let welcome = true, consent = true;
          for (let j = 0; j < N; j++) {
            if (j === i || !prefers(j, k, t)) continue;
            if (s.labels[j] === c) welcome = false;
            if (s.labels[j] === s.labels[i]) consent = false;
          }
          actorMoves[k].push({ actor: i, label: c, target: t, welcome, consent, start: k });
          stable.nash[k] = false;
          if (welcome) stable.individual[k] = false;
          if (welcome && consent) stable.contractual[k] = false;
        }
      }
    });
    const groupMoves = CS.structures.map(() => []);
    for (let k = 0; k < S; k++) {
      for (let m = 1; m < (1 << N); m++) {
        const t = CS.groups[k][m];
        if (t < 0) continue;
        let all = true;
        for (let i = 0; i < N && all; i++) if ((m >> i) & 1 && !prefers(i, t, k)) all = false;
        if (!all) continue;
        stable.core[k] = false;
        const members = [];
        for (let i = 0; i < N; i++) if ((m >> i) & 1) members.push(i);
        groupMoves[k].push({ group: members, target: t, start: k });
      }
      const lexical = (x, y) => { for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; };
      groupMoves[k].sort((x, y) => x.group.length - y.group.length || lexical(x.group, y.group));
    }
    stable.farsighted = largestConsistentSet(S, prefers);
    return { equilibria, stable, actorMoves, groupMoves };
  }

  // Chwe's largest consistent set by iterative deletion, as concepts.largest_consistent_set.
  function largestConsistentSet(S, prefers) {
    const { start, end, group } = CS.farsighted;
    const M = start.length;
    const better = (m, e, a) => {
      for (let i = 0; i < N; i++) if ((m >> i) & 1 && !prefers(i, e, a)) return false;
      return true;
    };
    const valid = Array.from({ length: M }, (_, k) => {
      const row = new Uint8Array(S);
      for (let e = 0; e < S; e++) row[e] = better(group[k], e, start[k]) ? 1 : 0;
      return row;
    });
    // dominatedBy[d][e]: e indirectly dominates d (a chain of moves, each group better at e)
    const dominatedBy = Array.from({ length: S }, () => new Uint8Array(S));
    for (let changed = true; changed;) {
      changed = false;
      for (let k = 0; k < M; k++) {
        const d = start[k], after = end[k];
        for (let e = 0; e < S; e++) {
          if (!dominatedBy[d][e] && valid[k][e] && (e === after || dominatedBy[after][e])) {
            dominatedBy[d][e] = 1; changed = true;
          }
        }
      }
    }
    const stable = new Array(S).fill(true);
    for (let changed = true; changed;) {
      changed = false;
      const failing = new Array(S).fill(false);
      for (let k = 0; k < M; k++) {
        const after = end[k];
        let deterred = false;
        for (let e = 0; e < S && !deterred; e++) {
          if (stable[e] && (e === after || dominatedBy[after][e]) && !valid[k][e]) deterred = true;
        }
        if (!deterred) failing[start[k]] = true;
      }
      for (let s = 0; s < S; s++) if (stable[s] && failing[s]) { stable[s] = false; changed = true; }
    }
    return stable;
  }

  const coalitionText = (members) => `{${members.map((i) => actors[i].name).join(", ")}}`;
  function moveText(move) {
    if (move.group) return `${coalitionText(move.group)} form a coalition of their own`;
    const s = CS.structures[move.start];
    const who = actors[move.actor].name;
    const partners = s.coalitions[s.labels[move.actor]].filter((j) => j !== move.actor);
    const joins = move.label < N ? s.coalitions[move.label] : [];
    const left = partners.length ? `leaves ${coalitionText(partners)} and ` : "";
    let text = `${who} ${left}${joins.length ? "joins " + coalitionText(joins) : "goes alone"}`;
    const notes = [];
    if (joins.length && !move.welcome) notes.push("not welcome");
    if (partners.length && !move.consent) notes.push("its partners object");
    return notes.length ? `${text} (${notes.join("; ")})` : text;
  }

  // The shortest chain of profitable moves (actors', then groups' of two or more), by
  // breadth-first search in the order `stability coalitions` lists them.
  function shortestChain(found, source, target) {
    if (source === target) return [];
    const previous = new Map();
    const seen = new Set([source]);
    const queue = [source];
    while (queue.length) {
      const here = queue.shift();
      const moves = [...found.actorMoves[here], ...found.groupMoves[here].filter((g) => g.group.length > 1)];
      for (const move of moves) {
        if (seen.has(move.target)) continue;
        seen.add(move.target);
        previous.set(move.target, move);
        if (move.target === target) {
          const chain = [move];
          while (chain[chain.length - 1].start !== source) chain.push(previous.get(chain[chain.length - 1].start));
          return chain.reverse();
        }
        queue.push(move.target);
      }
    }
    return null;
  }

  let lastCoalitions = null;
  function renderCoalitions(profile) {
    if (!CS) return;
    if (CS.unavailable) {
      const note = $("coalitions-unavailable");
      note.hidden = false;
      note.textContent = `Not shown: ${CS.unavailable}.`;
      $("coalitions-table").hidden = true;
      return;
    }
    const found = coalitionVerdicts();
    lastCoalitions = found;
    const head = $("coalitions-head");
    if (head.children.length === 2) {
      for (const c of CS.concepts) head.append(el("th", { title: c.name, text: c.heading }));
    }
    const current = profile === null ? null : CS.profile_structure[profile];
    const outcomesOf = CS.structures.map(() => []);
    CS.outcome_structure.forEach((s, k) => { if (s !== null) outcomesOf[s].push(DATA.outcomes[k].name); });
    const body = $("coalitions-body");
    body.replaceChildren();
    CS.structures.forEach((s, k) => {
      const classes = [k === current ? "current" : "", k === CS.source ? "source" : "",
        k === CS.target ? "target" : ""].filter(Boolean).join(" ");
      const eqs = found.equilibria[k];
      const row = el("tr", { className: classes, "data-structure": s.text,
        "data-stable": JSON.stringify(Object.fromEntries(CS.concepts.map((c) => [c.key, found.stable[c.key][k]]))) },
      el("th", { text: s.text + (outcomesOf[k].length ? ` = ${outcomesOf[k].join(", ")}` : "") }),
      el("td", { text: eqs.length === 0 ? "none" : eqs.length <= 2 ? eqs.map((p) => profileNames(p).join(", ")).join("; ") : `${eqs.length} profiles` }));
      for (const c of CS.concepts) {
        const yes = found.stable[c.key][k];
        row.append(el("td", { className: `mark ${yes ? "yes" : ""}`, title: `${c.name}: ${yes ? "stable" : "not stable"}`, text: yes ? "✓" : "·" }));
      }
      body.append(row);
    });
    const lines = CS.concepts.map((c) => {
      const names = CS.structures.filter((_, k) => found.stable[c.key][k]).map((s) => s.text);
      return `${c.name}: ${names.length ? names.join("; ") : "none"}`;
    });
    $("coalitions-stable").textContent = `Stable structures — ${lines.join(" · ")}.`;
    const currentBox = $("coalitions-current");
    if (current === null) currentBox.textContent = "";
    else {
      const under = CS.concepts.filter((c) => found.stable[c.key][current]).map((c) => c.name);
      currentBox.textContent = `The profile shown in the coalition graph (${profileText(profile)}) is the structure ` +
        `${CS.structures[current].text}: ${under.length ? "stable under " + under.join(", ") : "stable under no concept"}.`;
      currentBox.setAttribute("data-structure", CS.structures[current].text);
    }
    const chainBox = $("coalitions-chain");
    const list = $("coalitions-chain-moves");
    list.replaceChildren();
    chainBox.removeAttribute("data-first");
    if (CS.source === null || CS.target === null) { chainBox.textContent = ""; return; }
    const from = `${CS.source_label} (${CS.structures[CS.source].text})`;
    const to = `${CS.target_label} (${CS.structures[CS.target].text})`;
    const chain = shortestChain(found, CS.source, CS.target);
    if (chain === null) { chainBox.textContent = `From ${from} to ${to}: no chain of profitable moves leads there.`; chainBox.setAttribute("data-first", "null"); return; }
    if (!chain.length) { chainBox.textContent = `From ${from} to ${to}: they are the same structure.`; chainBox.setAttribute("data-first", "[]"); return; }
    const first = chain[0].group ? chain[0].group : [chain[0].actor];
    chainBox.setAttribute("data-first", JSON.stringify(first.map((i) => actors[i].name)));
    chainBox.textContent = `From ${from} to ${to}: ${chain.length} profitable move(s); ` +
      `${first.map((i) => actors[i].name).join(" and ")} move(s) first.`;
    for (const move of chain) list.append(el("li", { text: `${moveText(move)} → ${CS.structures[move.target].text}` }));
  }

  // -- update ---------------------------------------------------------------------------

  function update() {
    const start = performance.now();
    currentPath = playPath(Float64Array.from(state.values));
    const values = timeValues(state.values, state.time, effective);
    const defined = computePayoffs(values);
    $("undefined").hidden = defined;
    if (DATA.timeline) {
      $("time-values").textContent = DATA.timeline.vary.map((i) =>
        `${params[i].name} = ${niceValue(values[i])}`).join(", ") + ` at t = ${niceValue(state.time)}`;
      DATA.timeline.vary.forEach((i) => {
        const shown = $(`at-time-${i}`);
        if (shown) shown.textContent = `at t = ${niceValue(state.time)} ${DATA.timeline.unit}: ${niceValue(values[i])}`;
      });
    }
    if (defined) {
      equilibria();
      const verdict = verdicts();
      lastVerdict = verdict;
      renderOutcomes(verdict);
      renderEquilibria(verdict);
      renderGames();
      const chosen = chooseGraphProfile(verdict);
      state.graphProfile = verdict.equilibria.includes(chosen) ? chosen : state.graphProfile;
      renderGraphChoice(verdict, chosen);
      drawGraph(chosen, verdict);
      renderCoalitions(chosen);
    } else {
      $("outcomes-body").replaceChildren();
      $("equilibria-list").replaceChildren();
      if (CS && !CS.unavailable) $("coalitions-body").replaceChildren();
    }
    const middle = performance.now();
    const found = thresholds();
    params.forEach((p, i) => renderTicks(controls[i].ticks, controls[i].note, found.params[i], p.low, p.high, state.values[i]));
    if (DATA.timeline) {
      renderTicks($("time-ticks"), $("time-thresholds"), found.time, 0, DATA.timeline.horizon, state.time);
      renderEnd(found.end);
    }
    renderDurability(found.end);
    renderSummary(defined ? lastVerdict : null);
    renderCommand();
    writeFragment();
    const end = performance.now();
    state.lastUpdateMs = end - start;
    state.lastThresholdsMs = end - middle;
    $("timing").textContent = `Updated in ${(end - start).toFixed(1)} ms (thresholds ${(end - middle).toFixed(1)} ms).`;
    document.body.setAttribute("data-defined", String(defined));
  }

  // For tests and for anyone scripting the page: set values by name, read the state.
  window.stabilityExplorer = {
    set(values) {
      for (const [name, text] of Object.entries(values)) {
        if (name === "t" && DATA.timeline) {
          const t = parseNumber(String(text));
          if (t === null) return false;
          state.time = t;
          continue;
        }
        const i = params.findIndex((p) => p.name === name);
        if (i < 0) return false;
        const value = parseNumber(String(text));
        if (value === null) return false;
        state.text[i] = String(text); state.values[i] = value;
      }
      syncControls();
      update();
      return true;
    },
    state() {
      return { values: Array.from(state.values), time: state.time,
        updateMs: state.lastUpdateMs, thresholdsMs: state.lastThresholdsMs };
    },
    timeUpdate(repeats) {
      // Each update's total time and the part spent finding the sliders' thresholds (ms).
      const times = [];
      for (let k = 0; k < repeats; k++) {
        update();
        times.push([state.lastUpdateMs, state.lastThresholdsMs]);
      }
      return times;
    },
  };

  readFragment();
  buildControls();
  syncControls();
  update();
})();
