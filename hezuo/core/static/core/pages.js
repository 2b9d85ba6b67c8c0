/* Behaviour the pages ask for with data attributes — no inline script or handler anywhere, so
   the Content-Security-Policy can forbid them (script-src 'self').
   - <form data-confirm="…"> / <button data-confirm="…">: ask before submitting.
   - <button data-move="up|down"> in a table row: move the row (the ranking page).
   - <div data-world-map data-geo="…" data-rows="id" [data-labels="id"] [data-regions="id"]>:
     the cooperation map (and the bar chart of regions) from json_script blocks.
   - <div data-country-map data-geo="…" data-row="id">: one country, zoomed to its shape. */
(function () {
  "use strict";

  function json(id) {
    const el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    const move = button.dataset.move;
    if (move) {
      const row = button.closest("tr");
      if (move === "up" && row.previousElementSibling) {
        row.parentNode.insertBefore(row, row.previousElementSibling);
      } else if (move === "down" && row.nextElementSibling) {
        row.parentNode.insertBefore(row.nextElementSibling, row);
      }
    }
  });

  async function countryMap(el) {
    const row = json(el.dataset.row);
    const geo = await (await fetch(el.dataset.geo)).json();
    const feature = geo.features.find((f) => f.properties.id === row.numeric);
    let center;
    let zoom = 1.15;
    if (feature) {
      const pts = JSON.stringify(feature.geometry.coordinates)
        .match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g)
        .map((s) => s.split(",").map(Number));
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      center = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
      const span = Math.max(
        Math.max(...xs) - Math.min(...xs), 2 * (Math.max(...ys) - Math.min(...ys)), 4
      );
      zoom = Math.min(12, Math.max(1.2, 180 / span));
    }
    window.hezuoWorldMap(el.id, el.dataset.geo, [row], {}, {
      highlightOnly: true, center: center, zoom: zoom,
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-world-map]").forEach(function (el) {
      const data = json(el.dataset.rows);
      window.hezuoWorldMap(el.id, el.dataset.geo, data.countries, json(el.dataset.labels) || {});
      if (el.dataset.regions) window.hezuoBarChart(el.dataset.regions, data.regions);
    });
    document.querySelectorAll("[data-country-map]").forEach(countryMap);
  });
})();
