(function () {
  "use strict";
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    var li = document.createElement("li");
    li.textContent = String(message);
    document.getElementById("errors").appendChild(li);
    document.body.setAttribute("data-ready", "error");
  }
  window.addEventListener("error", function (e) { fail(e.message || "script error"); });

  var SVG = "http://www.w3.org/2000/svg";
  // Type order and colours come with the data, from the warehouse's ref_event_types
  // (pipeline/data/taxonomy.toml): a new type needs no change here.
  var TYPES = [];
  var COLOURS = {};
  var UNKNOWN_COLOUR = "#444444";
  var DAY = 86400000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var t = el("text", Object.assign({x: x, y: y}, attrs || {}), parent);
    t.textContent = content;
    return t;
  }
  function ms(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function colour(type) {
    return COLOURS[type] || UNKNOWN_COLOUR;
  }
  function rank(type) {
    var i = TYPES.indexOf(type);
    return i < 0 ? TYPES.length : i;
  }
  function label(s) { return String(s).replace(/_/g, " "); }
  function actor(name, country) {
    if (!name && !country) { return "\u2014"; }
    return (name || "") + (country ? " [" + country + "]" : "");
  }

  function timeTicks(lo, hi) {
    var ticks = [];
    var a = new Date(lo), b = new Date(hi);
    var years = b.getUTCFullYear() - a.getUTCFullYear();
    if (years >= 3) {
      var step = Math.max(1, Math.ceil(years / 10));
      for (var y = a.getUTCFullYear() + 1; y <= b.getUTCFullYear(); y += step) {
        ticks.push({t: Date.UTC(y, 0, 1), label: String(y)});
      }
    } else {
      var months = years * 12 + b.getUTCMonth() - a.getUTCMonth();
      var mstep = Math.max(1, Math.ceil(months / 10));
      var d = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + 1, 1));
      while (d.getTime() <= hi) {
        ticks.push({t: d.getTime(), label: d.toISOString().slice(0, 7)});
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + mstep, 1));
      }
    }
    return ticks;
  }

/*__MAP__*/
  var selected = null;
  function select(ev, node) {
    if (selected) { selected.classList.remove("selected"); }
    selected = node || null;
    if (selected) { selected.classList.add("selected"); }
    var panel = document.getElementById("detail");
    panel.setAttribute("data-event-id", ev.event_id);
    function set(id, value) { document.getElementById(id).textContent = value; }
    set("d-type", label(ev.event_type) + (ev.is_private ? " (private)" : ""));
    set("d-date", ev.date_label + " \u00b7 " + ev.date_precision + ", " + ev.date_basis);
    set("d-source", actor(ev.source_actor, ev.source_country));
    set("d-target", actor(ev.target_actor, ev.target_country));
    set("d-subject", ev.subject || "\u2014");
    set("d-modality", ev.modality);
    set("d-support", ev.mention_count + " mentions, " + ev.article_count + " articles, " +
        ev.outlet_count + " outlets");
    set("d-place", placeLabel(ev));
    set("d-evidence", ev.evidence_sentence || "");
    var link = document.getElementById("d-link");
    link.textContent = ev.article_title || ev.article_url || "";
    if (ev.article_url && /^https?:/i.test(ev.article_url)) {
      link.setAttribute("href", ev.article_url);
    } else {
      link.removeAttribute("href");
    }
    set("d-outlet", ev.article_outlet || "");
    document.getElementById("detail-body").hidden = false;
    document.getElementById("detail-empty").hidden = true;
  }
  document.getElementById("detail-close").addEventListener("click", function () {
    if (selected) { selected.classList.remove("selected"); }
    selected = null;
    document.getElementById("detail-body").hidden = true;
    document.getElementById("detail-empty").hidden = false;
  });

  function timeline(container, events, laneOf, lanes, note) {
    var W = 900, left = 190, right = 16, top = 24, laneH = 26;
    var H = top + lanes.length * laneH + 8;
    var lo = Infinity, hi = -Infinity;
    events.forEach(function (e) { lo = Math.min(lo, ms(e.start)); hi = Math.max(hi, ms(e.end)); });
    if (!isFinite(lo)) { container.appendChild(document.createTextNode("No events.")); return; }
    lo -= 20 * DAY; hi += 20 * DAY;
    var x = function (t) { return left + (t - lo) / (hi - lo) * (W - left - right); };
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": note});
    timeTicks(lo, hi).forEach(function (tick) {
      el("line", {x1: x(tick.t), x2: x(tick.t), y1: top - 6, y2: H - 6, "class": "grid"}, svg);
      text(svg, x(tick.t) + 2, top - 10, tick.label);
    });
    lanes.forEach(function (lane, i) {
      var y = top + i * laneH + laneH / 2;
      el("line", {x1: left, x2: W - right, y1: y, y2: y, "class": "grid"}, svg);
      var t = text(svg, left - 8, y + 4, lane.length > 30 ? lane.slice(0, 29) + "\u2026" : lane,
                   {"text-anchor": "end", "class": "lane"});
      el("title", {}, t).textContent = lane;
    });
    events.forEach(function (ev) {
      var i = lanes.indexOf(laneOf(ev));
      if (i < 0) { return; }
      var y = top + i * laneH + laneH / 2;
      var x0 = x(ms(ev.start)), x1 = x(ms(ev.end));
      if (x1 - x0 > 2) {
        el("rect", {x: x0, y: y - 5, width: x1 - x0, height: 10, rx: 3, "class": "span",
                    fill: colour(ev.event_type)}, svg);
      }
      var dot = el("circle", {cx: x0, cy: y, r: 5.5, fill: colour(ev.event_type),
                              "class": "pt" + (ev.undated ? " undated" : ""), tabindex: 0,
                              "data-event-id": ev.event_id}, svg);
      el("title", {}, dot).textContent = ev.date_label + " \u2014 " + label(ev.event_type) +
          ": " + actor(ev.source_actor, ev.source_country) + " \u2192 " +
          actor(ev.target_actor, ev.target_country);
      dot.addEventListener("click", function () { select(ev, dot); });
      dot.addEventListener("keydown", function (k) {
        if (k.key === "Enter" || k.key === " ") { k.preventDefault(); select(ev, dot); }
      });
    });
    container.appendChild(svg);
  }

  function topLanes(events, key, max) {
    var counts = {};
    events.forEach(function (e) { var k = key(e); if (k) { counts[k] = (counts[k] || 0) + 1; } });
    return Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || (a < b ? -1 : 1);
    }).slice(0, max);
  }

  function bars(container, counts) {
    var months = [], byMonth = {}, max = 0;
    counts.forEach(function (c) {
      if (!byMonth[c.month]) { byMonth[c.month] = []; months.push(c.month); }
      byMonth[c.month].push(c);
    });
    months.sort();
    if (!months.length) { container.appendChild(document.createTextNode("No events.")); return; }
    months.forEach(function (m) {
      max = Math.max(max, byMonth[m].reduce(function (s, c) { return s + c.n; }, 0));
    });
    // months on a time axis: one slot per calendar month from the first to the last, so a gap
    // of years looks like one (2013-11 is not drawn next to 2023-02)
    var mi = function (m) { var p = m.split("-"); return Number(p[0]) * 12 + Number(p[1]) - 1; };
    var ms = function (i) {
      var mo = i % 12 + 1;
      return Math.floor(i / 12) + "-" + (mo < 10 ? "0" : "") + mo;
    };
    var first = mi(months[0]), span = mi(months[months.length - 1]) - first + 1;
    var W = 900, H = 240, left = 36, bottom = 52, top = 10;
    var bw = Math.min(36, (W - left - 10) / span);
    var y = function (v) { return top + (1 - v / max) * (H - top - bottom); };
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img",
                         "aria-label": "Events by type per month"});
    var step = Math.max(1, Math.ceil(max / 5));
    for (var v = 0; v <= max; v += step) {
      el("line", {x1: left, x2: W - 10, y1: y(v), y2: y(v), "class": "grid"}, svg);
      text(svg, left - 6, y(v) + 4, String(v), {"text-anchor": "end"});
    }
    months.forEach(function (m) {
      var x0 = left + 4 + (mi(m) - first) * bw, acc = 0;
      byMonth[m].forEach(function (c) {
        var r = el("rect", {x: x0, y: y(acc + c.n), width: Math.max(1, bw - 3),
                            height: y(acc) - y(acc + c.n), fill: colour(c.event_type),
                            "class": "bar"}, svg);
        el("title", {}, r).textContent = m + ": " + c.n + " " + label(c.event_type);
        acc += c.n;
      });
    });
    var every = [1, 2, 3, 6, 12, 24, 60, 120].find(function (k) { return span / k <= 16; }) || 240;
    for (var k = (12 - first % every) % every; k < span; k += every) {
      var cx = left + 4 + k * bw + bw / 2, cy = H - bottom + 10;
      el("line", {x1: cx, x2: cx, y1: H - bottom, y2: H - bottom + 4, "class": "grid"}, svg);
      text(svg, cx, cy, ms(first + k), {"text-anchor": "end",
                                        transform: "rotate(-40 " + cx + " " + cy + ")"});
    }
    container.appendChild(svg);
  }

  function legend(events, counts) {
    var seen = {};
    events.forEach(function (e) { seen[e.event_type] = true; });
    counts.forEach(function (c) { seen[c.event_type] = true; });
    var ul = document.getElementById("legend");
    Object.keys(seen).sort(function (a, b) {
      return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
    }).forEach(function (t) {
      var li = document.createElement("li");
      var swatch = document.createElement("i");
      swatch.style.background = colour(t);
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(label(t)));
      ul.appendChild(li);
    });
  }

  // The events table: one row per event, narrowed by a text search and by type, country and
  // subject; a row click shows its evidence like a chart point.
  function eventTable(events) {
    var search = document.getElementById("t-search");
    var selects = {type: document.getElementById("t-type"),
                   country: document.getElementById("t-country"),
                   subject: document.getElementById("t-subject")};
    function options(select, values) {
      values.filter(Boolean).sort().forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = select === selects.type ? label(v) : v;
        select.appendChild(o);
      });
    }
    function uniq(f) {
      var seen = {};
      events.forEach(function (e) { [].concat(f(e)).forEach(function (v) { seen[v] = true; }); });
      return Object.keys(seen).filter(function (v) { return v !== "null" && v !== "undefined"; });
    }
    options(selects.type, uniq(function (e) { return e.event_type; }));
    options(selects.country, uniq(function (e) { return [e.source_country, e.target_country]; }));
    options(selects.subject, uniq(function (e) { return e.subject; }));
    var body = document.getElementById("t-body");
    var sorted = events.slice().sort(function (a, b) {
      return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
    });
    function cell(tr, value) {
      var td = document.createElement("td");
      td.textContent = value == null ? "" : String(value);
      tr.appendChild(td);
      return td;
    }
    function render() {
      var q = search.value.trim().toLowerCase();
      var type = selects.type.value, country = selects.country.value;
      var subject = selects.subject.value;
      body.textContent = "";
      var shown = 0;
      sorted.forEach(function (e) {
        if (type && e.event_type !== type) { return; }
        if (country && e.source_country !== country && e.target_country !== country) { return; }
        if (subject && e.subject !== subject) { return; }
        var hay = [e.source_actor, e.target_actor, e.subject, e.evidence_sentence,
                   e.article_outlet, e.date_label].join(" ").toLowerCase();
        if (q && hay.indexOf(q) < 0) { return; }
        var tr = document.createElement("tr");
        tr.setAttribute("data-event-id", e.event_id);
        cell(tr, e.date_label);
        cell(tr, label(e.event_type));
        cell(tr, (e.source_actor || "") + (e.source_country ? " [" + e.source_country + "]" : ""));
        cell(tr, (e.target_actor || "") + (e.target_country ? " [" + e.target_country + "]" : ""));
        cell(tr, e.subject);
        cell(tr, e.article_count);
        cell(tr, e.evidence_sentence).className = "ev";
        tr.addEventListener("click", function () { select(e, null); });
        body.appendChild(tr);
        shown += 1;
      });
      document.getElementById("t-count").textContent = shown + " of " + events.length + " events";
    }
    search.addEventListener("input", render);
    Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", render); });
    render();
  }

  function draw() {
    var data = JSON.parse(document.getElementById("report-data").textContent);
    (data.event_types || []).forEach(function (t) {
      TYPES.push(t.event_type);
      COLOURS[t.event_type] = t.color;
    });
    var events = data.events;
    document.getElementById("summary").textContent = events.length + " events, " +
        new Set(events.map(function (e) { return e.subject; }).filter(Boolean)).size +
        " subjects, " +
        new Set(events.map(function (e) { return e.dyad; }).filter(Boolean)).size +
        " country dyads";
    legend(events, data.monthly_counts);
    bars(document.getElementById("chart-types"), data.monthly_counts);
    function drawTimelines(year) {
      var shown = events.filter(function (e) {
        return !year || (e.start.slice(0, 4) <= year && e.end.slice(0, 4) >= year);
      });
      ["chart-subjects", "chart-dyads"].forEach(function (id) {
        document.getElementById(id).textContent = "";
      });
      var subjects = topLanes(shown, function (e) { return e.subject; }, data.max_subjects);
      timeline(document.getElementById("chart-subjects"), shown,
               function (e) { return e.subject; }, subjects, "Timeline by subject");
      var dyads = topLanes(shown, function (e) { return e.dyad; }, data.max_dyads);
      timeline(document.getElementById("chart-dyads"), shown,
               function (e) { return e.dyad; }, dyads, "Timeline by country dyad");
    }
    var range = document.getElementById("range");
    var years = {};
    events.forEach(function (e) { years[e.start.slice(0, 4)] = true; });
    Object.keys(years).sort().reverse().forEach(function (y) {
      var option = document.createElement("option");
      option.value = y;
      option.textContent = y;
      range.appendChild(option);
    });
    range.addEventListener("change", function () { drawTimelines(range.value); });
    drawTimelines("");
    if (data.map) {
      var located = worldMap(document.getElementById("chart-map"), data.map, events);
      document.getElementById("map-count").textContent = String(located);
    }
    eventTable(events);
    var byId = {};
    events.forEach(function (e) { byId[e.event_id] = e; });
    function fromHash() {
      var onMap = /map=([\w-]+)/.exec(window.location.hash);
      if (onMap) {  // the point's own click handler, as a reader's click runs it
        var spot = document.querySelector('.mpt[data-event-id="' + onMap[1] + '"]');
        if (spot) { spot.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
        return;
      }
      var m = /event=([\w-]+)/.exec(window.location.hash);
      if (m && byId[m[1]]) {
        var node = document.querySelector('.pt[data-event-id="' + m[1] + '"]');
        select(byId[m[1]], node);
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  try {
    draw();
    if (!errors.length) { document.body.setAttribute("data-ready", "true"); }
  } catch (e) {
    fail(e && e.stack ? e.stack : e);
  }
})();
