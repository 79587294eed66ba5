// The proposal builder: keeps the proposal as data, re-checks it on each change, saves it.
// No framework, no build step. Every text from the server is inserted with textContent.
"use strict";
(function () {
  const form = document.getElementById("builder");
  const name = form.dataset.name;
  let sha = form.dataset.sha;
  let doc = JSON.parse(document.getElementById("document").textContent);
  let sequence = 0;

  function segments(pointer) {
    return pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  function setAt(pointer, value) {
    const parts = segments(pointer);
    let node = doc;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i];
      if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
        node[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
      }
      node = node[key];
    }
    const last = parts[parts.length - 1];
    if (value === undefined) {
      if (Array.isArray(node)) node.splice(Number(last), 1); else delete node[last];
    } else {
      node[last] = value;
    }
  }
  function getAt(pointer) {
    let node = doc;
    for (const key of segments(pointer)) {
      if (node === undefined || node === null) return undefined;
      node = node[key];
    }
    return node;
  }
  function valueOf(el) {
    const kind = el.dataset.kind;
    if (kind === "set") {
      const boxes = form.querySelectorAll('input[data-kind="set"]');
      const chosen = Array.from(boxes).filter((b) => b.dataset.pointer === el.dataset.pointer && b.checked).map((b) => b.value);
      return chosen.length ? chosen : undefined;  // nothing chosen: the key is left out (its default applies)
    }
    if (kind === "lines") {
      const lines = el.value.split("\n").map((s) => s.trim()).filter((s) => s !== "");
      return lines.length ? lines : undefined;  // e.g. no recipients: every receiving party, by default
    }
    if (kind === "score") return el.value === "n/a" ? "n/a" : Number(el.value);
    if (el.value === "" && (kind !== "string" || el.dataset.empty === "omit")) return undefined;
    if (kind === "integer") { const n = Number(el.value); return Number.isInteger(n) ? n : el.value; }
    if (kind === "boolean") return el.value === "true";
    return el.value;
  }

  async function post(url, body) {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return response;
  }

  function findingElement(f, withLink) {
    const box = document.createElement(withLink ? "li" : "div");
    box.className = "finding " + f.severity;
    const sev = document.createElement("span");
    sev.className = "severity";
    sev.textContent = (f.waived ? "waived " : "") + f.severity + ": ";
    box.appendChild(sev);
    const text = document.createElement("span");
    text.textContent = f.message + " (" + f.rule + ")";
    box.appendChild(text);
    if (withLink) {
      const target = slotFor(f.path);
      if (target) {
        const link = document.createElement("a");
        link.href = "#" + target.id;
        link.textContent = " Go to field";
        link.addEventListener("click", (e) => {
          e.preventDefault();
          const field = target.parentElement && target.parentElement.querySelector("[data-pointer]");
          (field || target).focus();
          target.scrollIntoView({ block: "center" });
        });
        box.appendChild(link);
      }
    }
    const explain = document.createElement("button");
    explain.type = "button";
    explain.className = "explain";
    explain.textContent = "Explain " + f.rule;
    explain.addEventListener("click", () => showExplain(f.rule));
    box.appendChild(document.createTextNode(" "));
    box.appendChild(explain);
    return box;
  }
  function slotFor(path) {
    let pointer = path || "";
    for (;;) {
      const slot = document.getElementById("fnd-" + pointer);
      if (slot) return slot;
      if (pointer === "") return null;
      pointer = pointer.slice(0, pointer.lastIndexOf("/"));
    }
  }
  function show(result) {
    form.querySelectorAll(".findings").forEach((slot) => slot.replaceChildren());
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const list = document.getElementById("all-findings");
    list.replaceChildren();
    for (const f of result.findings) {
      const slot = slotFor(f.path);
      if (slot) slot.appendChild(findingElement(f, false));
      const field = form.querySelector('[data-pointer="' + CSS.escape(f.path) + '"]');
      if (field && f.severity === "blocker" && !f.waived) field.setAttribute("aria-invalid", "true");
      list.appendChild(findingElement(f, true));
    }
    document.getElementById("summary").textContent =
      result.blockers + " blocker" + (result.blockers === 1 ? "" : "s") + ", " + result.warnings + " warning" + (result.warnings === 1 ? "" : "s") + ".";
    const band = document.getElementById("band");
    band.replaceChildren();
    const p = document.createElement("p");
    p.id = "band-id";
    p.dataset.band = result.band.id;
    p.textContent = "Band: " + result.band.label + (result.band.mean !== null ? " (mean " + result.band.mean.toFixed(2) + ")" : "");
    band.appendChild(p);
    if (result.band.moves.length) {
      const intro = document.createElement("p");
      intro.textContent = "Fewest moves to " + String(result.band.next_band).replace(/_/g, " ") + ":";
      band.appendChild(intro);
      const ul = document.createElement("ul");
      for (const m of result.band.moves) {
        const li = document.createElement("li");
        li.textContent = m.question + " from " + (m.from === null ? "unanswered" : m.from) + " to " + m.to;
        ul.appendChild(li);
      }
      band.appendChild(ul);
    }
    form.dataset.checked = String(sequence);
  }
  async function recheck() {
    const mine = ++sequence;
    const response = await post("/api/check", { document: doc });
    if (mine !== sequence) return;  // a later change is already being checked
    if (response.ok) show(await response.json());
  }
  async function rerender(focusPointer) {
    const response = await post("/api/form", { document: doc });
    if (!response.ok) return;
    form.innerHTML = await response.text();
    const target = focusPointer && form.querySelector('[data-pointer^="' + CSS.escape(focusPointer) + '"], [data-add="' + CSS.escape(focusPointer) + '"]');
    if (target) target.focus();
    await recheck();
  }
  async function showExplain(rule) {
    const response = await fetch("/api/explain/" + encodeURIComponent(rule));
    const box = document.getElementById("explain");
    document.getElementById("explain-text").textContent = await response.text();
    box.hidden = false;
    document.getElementById("explain-heading").focus();
  }
  document.getElementById("explain-close").addEventListener("click", () => { document.getElementById("explain").hidden = true; });

  let timer = null;
  function edited(event) {
    const el = event.target;
    if (!el.dataset || !el.dataset.pointer) return;
    setAt(el.dataset.pointer, valueOf(el));
    clearTimeout(timer);
    timer = setTimeout(recheck, event.type === "input" ? 250 : 0);
  }
  form.addEventListener("change", edited);
  form.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA" || ["text", "number", "date"].includes(e.target.type)) edited(e); });
  form.addEventListener("click", (event) => {
    const el = event.target;
    if (el.dataset.add) {
      const list = getAt(el.dataset.add);
      const item = el.dataset.add.endsWith("/datasets") ? { name: "", fields: [{ name: "" }] } : {};
      if (Array.isArray(list)) list.push(item); else setAt(el.dataset.add, [item]);
      rerender(el.dataset.add + "/" + (getAt(el.dataset.add).length - 1) + "/");
    } else if (el.dataset.remove) {
      const pointer = el.dataset.remove;
      setAt(pointer, undefined);
      rerender(pointer.slice(0, pointer.lastIndexOf("/")));
    }
  });
  form.addEventListener("submit", (e) => e.preventDefault());

  async function save(overwrite) {
    const status = document.getElementById("save-status");
    const response = await post("/api/save", { name: name, document: doc, sha256: sha, overwrite: overwrite });
    const answer = await response.json();
    if (response.ok) {
      sha = answer.sha256;
      status.textContent = "Saved " + answer.saved + ".";
    } else if (answer.conflict && !overwrite) {
      if (window.confirm(answer.error + "\n\nOverwrite the file on disk with this page's version?")) return save(true);
      status.textContent = "Not saved: " + answer.error;
    } else {
      status.textContent = "Not saved: " + answer.error;
    }
  }
  window.sharecheckBuilder = { document: () => doc };  // for tests and the curious: the proposal as edited
  document.getElementById("save").addEventListener("click", () => save(false));
  show(JSON.parse(document.getElementById("initial").textContent));
})();
