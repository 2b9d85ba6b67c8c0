/* Behaviour the pages ask for with data attributes — no inline script or handler anywhere, so
   the Content-Security-Policy can forbid them (script-src 'self').
   - <form data-confirm="…"> / <button data-confirm="…">: ask before submitting.
   - <button data-move="up|down"> in a table row: move the row (the ranking page).
   - <div data-world-map data-geo="…" data-rows="id" [data-labels="id"] [data-regions="id"]>:
     the cooperation map (and the bar chart of regions) from json_script blocks.
   - <div data-country-map data-geo="…" data-row="id">: one country, zoomed to its shape.
   - .invalid-feedback.d-block (a field's error): scrolled into view, its field focused. */
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
    // A refused form is drawn again with its errors beside its fields: bring the first one
    // into view and put the cursor in its field, wherever on the page the form sits.
    const error = document.querySelector(".invalid-feedback.d-block");
    if (error) {
      const holder = error.parentElement;
      const input = holder && holder.querySelector("input, select, textarea");
      if (input) input.classList.add("is-invalid");
      error.scrollIntoView({ block: "center" });
      if (input) input.focus({ preventScroll: true });
    }
  });
})();

/* Record pickers (hezuo/core/widgets.py): <div data-picker="single|multiple"> holds a combobox
   text box that htmx asks the server with for suggestions (buttons with data-pick and
   data-label in its [role=listbox]); picking one fills the hidden input (single) or adds a chip
   from its <template data-picker-chip> (multiple); [data-unpick] removes or clears.
   Keys: ↓/↑ move through the suggestions, Enter picks (the first one from the text box; it never
   submits the form there), Escape closes; Tab and a click work as well. */
(function () {
  "use strict";

  function pickerOf(el) {
    return el && el.closest ? el.closest("[data-picker]") : null;
  }
  function box(picker) {
    return picker.querySelector("[role=combobox]");
  }
  function list(picker) {
    return picker.querySelector("[role=listbox]");
  }
  function options(picker) {
    return Array.from(list(picker).querySelectorAll("[data-pick]"));
  }
  function hidden(picker) {
    return picker.querySelector("[data-picker-value]");
  }
  function close(picker) {
    list(picker).replaceChildren();
    box(picker).setAttribute("aria-expanded", "false");
  }

  function choose(picker, option) {
    const value = option.dataset.pick;
    const label = option.dataset.label;
    const input = box(picker);
    if (picker.dataset.picker === "multiple") {
      const chips = picker.querySelector("[data-picker-chips]");
      const taken = Array.from(chips.querySelectorAll("input")).some((i) => i.value === value);
      if (!taken) {
        const template = picker.querySelector("template[data-picker-chip]");
        const chip = template.content.firstElementChild.cloneNode(true);
        chip.querySelector("[data-chip-label]").textContent = label;
        chip.querySelector("input").value = value;
        chip.querySelector("[data-unpick]").setAttribute(
          "aria-label", picker.dataset.removeLabel.replace("{name}", label)
        );
        chips.appendChild(chip);
      }
      input.value = "";
    } else {
      const kept = hidden(picker);
      kept.value = value;
      kept.dataset.label = label;
      input.value = label;
      kept.dispatchEvent(new Event("change", { bubbles: true }));
    }
    close(picker);
    input.focus();
  }

  function unpick(picker, button) {
    if (picker.dataset.picker === "multiple") {
      button.closest("li").remove();
    } else {
      const kept = hidden(picker);
      kept.value = "";
      kept.dataset.label = "";
      box(picker).value = "";
      kept.dispatchEvent(new Event("change", { bubbles: true }));
    }
    close(picker);
    box(picker).focus();
  }

  // A press on a suggestion keeps the focus in the text box, so the list is still there when
  // the click arrives (some browsers do not focus a pressed button).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-picker] [data-pick]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const picker = pickerOf(event.target);
    if (!picker) return;
    const option = event.target.closest("[data-pick]");
    if (option) {
      choose(picker, option);
      return;
    }
    const remove = event.target.closest("[data-unpick]");
    if (remove) unpick(picker, remove);
  });

  document.addEventListener("input", function (event) {
    const picker = pickerOf(event.target);
    if (!picker || event.target !== box(picker)) return;
    // Emptying the box of a single picker takes the choice away; typing otherwise only searches.
    if (picker.dataset.picker !== "multiple" && !event.target.value.trim()) {
      const kept = hidden(picker);
      kept.value = "";
      kept.dataset.label = "";
      close(picker);
    }
  });

  document.addEventListener("keydown", function (event) {
    const picker = pickerOf(event.target);
    if (!picker) return;
    const found = options(picker);
    const at = found.indexOf(event.target);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!found.length) return;
      event.preventDefault();
      const next = event.key === "ArrowDown" ? at + 1 : (at < 0 ? found.length : at) - 1;
      if (next < 0) box(picker).focus();
      else found[Math.min(next, found.length - 1)].focus();
    } else if (event.key === "Escape" && list(picker).children.length) {
      event.preventDefault();
      close(picker);
      box(picker).focus();
    } else if (event.key === "Enter" && event.target === box(picker)) {
      event.preventDefault();
      if (found.length) choose(picker, found[0]);
    }
  });

  // Leaving the picker closes the list; a single picker shows its choice again (text typed but
  // not picked is no choice, and must not look like one).
  document.addEventListener("focusout", function (event) {
    const picker = pickerOf(event.target);
    if (!picker || (event.relatedTarget && picker.contains(event.relatedTarget))) return;
    close(picker);
    const kept = hidden(picker);
    box(picker).value = kept ? (kept.value ? kept.dataset.label : "") : "";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const picker = pickerOf(event.detail && event.detail.target ? event.detail.target : event.target);
    if (!picker) return;
    // An answer that arrives after the person moved on stays closed.
    const open = picker.contains(document.activeElement) && list(picker).children.length > 0;
    if (!open) list(picker).replaceChildren();
    box(picker).setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
