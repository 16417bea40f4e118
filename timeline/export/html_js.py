"""The timeline page's own script: labels that follow the view, and the search and filters.

Plain ES5 in one function that `Plotly.newPlot(...).then(...)` calls with the plot's div, so it
runs offline in any browser plotly.js runs in. Every trace carries `customdata` per item:
[short label, projects joined with 、, item ID]; the search reads the hover text too.

- Edge notes (← 更早 2 项) count the shown items before and after the view.
- A laned page (at most LABEL_MAX items) has a label annotation per item, named
  label:<kind>:<least scale>:<id>; it shows while its kind and item are shown and the axis has
  at least that many pixels per millisecond (zoomed out further it would meet a lane neighbour).
- A larger page has no labels until the view holds at most LABEL_VIEW_MAX shown items (a
  zoom, a pan or a filter); then each gets a label, placed greedily beside its marker, above
  or below, where it meets no label placed before it; one that fits nowhere is left out.
- The annotations are replaced only when they differ from the last ones set, so the
  relayout that sets them does not start another.
- The search box and the kind and project lists keep the items that match all three (the
  search is a substring of the title, sentence, article title, file or project) and restyle
  each trace with them; the labels and edge notes follow through the restyle event.
"""

from __future__ import annotations

LABEL_VIEW_MAX = 100  # labels appear once the view holds at most this many items (those that fit)
LABEL_PX_PER_CHAR = 11  # a CJK character of the 10-11 px label font; Latin ones are narrower
DYNAMIC_FONT_PX = 10

PAGE_JS = """function (gd) {
  var LABEL_VIEW_MAX = %(label_view_max)d, CHAR_PX = %(char_px)d, FONT_PX = %(font_px)d;
  function ms(v) { var s = String(v).slice(0, 16).replace(" ", "T");
    return Date.parse(s.length === 10 ? s + "T00:00Z" : s + "Z"); }
  function iso(t) { return new Date(t).toISOString().slice(0, 16).replace("T", " "); }
  function text(html) {  // the hover text without its tags; article text in it is escaped
    return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"); }
  var laned = gd.layout.annotations.some(function (a) { return (a.name || "").indexOf("label:") === 0; });
  var all = gd.data.map(function (t) {
    return {x: t.x.slice(), y: t.y.slice(), base: t.base ? t.base.slice() : null,
            hovertext: t.hovertext.slice(), customdata: t.customdata.slice(),
            search: t.hovertext.map(function (h, i) { return (text(h) + " " + t.customdata[i][1]).toLowerCase(); })};
  });
  var last = null;

  function place(items, xa, ya) {
    var boxes = [], notes = [];
    items.sort(function (a, b) { return a.start - b.start; });
    items.forEach(function (it) {
      var t = it.t, label = t.customdata[it.i][0];
      var px = xa.l2p(Math.max(it.start, xa.range.map(ms)[0])), py = ya.l2p(t.y[it.i]);
      var w = label.length * CHAR_PX * FONT_PX / 11 + 4, right = px + 8 + w <= xa._length;
      var x0 = right ? px + 8 : px - 8 - w;
      var shifts = [0, FONT_PX + 3, -(FONT_PX + 3), 2 * (FONT_PX + 3), -2 * (FONT_PX + 3)];
      for (var k = 0; k < shifts.length; k++) {
        var box = {x0: x0, x1: x0 + w, y0: py - shifts[k] - FONT_PX / 2 - 1, y1: py - shifts[k] + FONT_PX / 2 + 1};
        var free = boxes.every(function (b) { return box.x1 < b.x0 || box.x0 > b.x1 || box.y1 < b.y0 || box.y0 > b.y1; });
        if (!free) continue;
        boxes.push(box);
        notes.push({name: "dyn", text: label, x: t.base ? iso(Math.max(it.start, xa.range.map(ms)[0])) : t.x[it.i],
                    y: t.y[it.i], xref: "x", yref: "y", showarrow: false, xanchor: right ? "left" : "right",
                    xshift: right ? 8 : -8, yshift: shifts[k], borderpad: 0, bgcolor: "rgba(255,255,255,0.75)",
                    font: {size: FONT_PX, color: t.base ? "#222222" : t.marker.color}});
        return;
      }
    });
    return notes;
  }

  function sync() {
    var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, range = xa.range.map(ms);
    var shown = {}, present = {}, count = {before: {}, after: {}}, inview = [];
    var scale = xa._length / (range[1] - range[0]);
    gd.data.forEach(function (t) {
      if (t.visible !== undefined && t.visible !== true) return;
      var g = t.legendgroup; shown[g] = true;
      (t.base || t.x).forEach(function (v, i) {
        var start = ms(v), end = t.base ? start + t.x[i] : start;
        present[t.customdata[i][2]] = true;
        var side = end < range[0] ? "before" : start > range[1] ? "after" : null;
        if (side) count[side][g] = (count[side][g] || 0) + 1;
        else inview.push({t: t, i: i, start: start});
      });
    });
    var notes = gd.layout.annotations.filter(function (a) { return a.name !== "dyn"; }).map(function (a) {
      var part = (a.name || "").split(":"), b = {};
      Object.keys(a).forEach(function (k) { b[k] = a[k]; });
      if (part[0] === "label")
        b.visible = !!shown[part[1]] && !!present[part[3]] && scale >= parseFloat(part[2]) * 0.999;
      if (count[part[0]]) {
        var n = count[part[0]][part[1]] || 0;
        b.visible = n > 0; b.text = part[0] === "before" ? "← 更早 " + n + " 项" : "更晚 " + n + " 项 →";
      }
      return b;
    });
    if (!laned && inview.length <= LABEL_VIEW_MAX) notes = notes.concat(place(inview, xa, ya));
    var key = JSON.stringify(notes);
    if (key === last) return;
    last = key;
    Plotly.relayout(gd, {annotations: notes});
  }

  function filter() {
    var q = document.getElementById("q").value.trim().toLowerCase();
    var kind = document.getElementById("kind").value, project = document.getElementById("project").value;
    all.forEach(function (o, ti) {
      var keep = [];
      o.x.forEach(function (_, i) {
        if (kind && gd.data[ti].legendgroup !== kind) return;
        if (project && o.customdata[i][1].split("、").indexOf(project) < 0) return;
        if (q && o.search[i].indexOf(q) < 0) return;
        keep.push(i);
      });
      var pick = function (a) { return [keep.map(function (i) { return a[i]; })]; };
      var update = {x: pick(o.x), y: pick(o.y), hovertext: pick(o.hovertext), customdata: pick(o.customdata)};
      if (o.base) update.base = pick(o.base);
      Plotly.restyle(gd, update, [ti]);
    });
    var n = gd.data.reduce(function (s, t) { return s + t.x.length; }, 0);
    document.getElementById("matches").textContent = (q || kind || project) ? "匹配 " + n + " 项" : "";
  }

  ["q", "kind", "project"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.addEventListener(id === "q" ? "input" : "change", filter);
  });
  gd.on("plotly_restyle", sync);
  gd.on("plotly_relayout", sync);
  sync();
}""" % {"label_view_max": LABEL_VIEW_MAX, "char_px": LABEL_PX_PER_CHAR, "font_px": DYNAMIC_FONT_PX}
