// Progressive enhancement only: every page works without this script.
import { initAll } from "/lib/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Report a concern: Enter in a one-line field never sends or removes anything (the search field still searches),
// and what has been typed is kept in this browser tab until the concern is sent, so an expired session or a
// lost connection does not lose it. Tab storage ends with the tab; sending the concern or signing out clears it.
const draftKey = "attune.concern-draft";
const report = document.querySelector("form[data-attune-report]");
if (report) {
  const query = report.querySelector("#Query");
  const find = report.querySelector("[data-attune-find]");
  report.addEventListener("keydown", (event) => {
    const field = event.target;
    if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || field.type === "radio" || field.type === "checkbox") return;
    event.preventDefault();
    if (field === query && find) find.click();
  });

  const kept = ["OccurredOn", "OccurredAt", "Location", "CategoryId", "Account", "ChildsWords", "ActionTaken", "OthersInformed"];
  const save = () => {
    const draft = { pupils: [...report.querySelectorAll("input[type=hidden][name=pupil]")].map((input) => input.value) };
    draft.carried = [...report.querySelectorAll("input[type=hidden]")]
      .filter((input) => input.name === "attachment" || /^Marks\[\d+\]\.(Region|X|Y|Note)$/.test(input.name))
      .map((input) => [input.name, input.value]);
    for (const name of kept) draft[name] = report.elements[name]?.value ?? "";
    draft.ImmediateDanger = report.querySelector("input[name=ImmediateDanger]:checked")?.value ?? "";
    sessionStorage.setItem(draftKey, JSON.stringify(draft));
  };

  const saved = JSON.parse(sessionStorage.getItem(draftKey) ?? "null");
  const typedHere = ["Account", "ChildsWords", "ActionTaken", "OthersInformed", "Location"].some((name) => report.elements[name]?.value);
  if (saved && !typedHere && ["Account", "ChildsWords", "ActionTaken", "OthersInformed"].some((name) => saved[name])) {
    for (const name of kept) {
      if (report.elements[name] && saved[name]) report.elements[name].value = saved[name];
    }
    const danger = report.querySelector(`input[name=ImmediateDanger][value="${saved.ImmediateDanger}"]`);
    if (danger) danger.checked = true;
    const known = new Set([...report.querySelectorAll("input[type=hidden][name=pupil]")].map((input) => input.value));
    for (const id of saved.pupils ?? []) {
      if (known.has(id) || !/^[0-9a-f-]{36}$/i.test(id)) continue;
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "pupil";
      hidden.value = id;
      report.prepend(hidden);
    }
    if (!report.querySelector("input[type=hidden][name=attachment], input[type=hidden][name^='Marks[']")) {
      for (const [name, value] of saved.carried ?? []) {
        if (typeof name !== "string" || typeof value !== "string") continue;
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        report.prepend(hidden);
      }
    }
    const notice = document.createElement("div");
    notice.className = "govuk-inset-text";
    notice.setAttribute("role", "status");
    notice.textContent = (saved.pupils?.length ?? 0) > 0
      || (saved.carried?.length ?? 0) > 0
      ? "We kept what you had typed. The pupils, marks and files you added are kept too: choose Find pupil or send to see them listed."
      : "We kept what you had typed.";
    report.before(notice);
  }

  report.addEventListener("input", save);
  report.addEventListener("change", save);
  report.addEventListener("submit", save);
}

// Body map: tapping the outline chooses the nearest part of the body on that side and keeps the exact point;
// choosing a part from the list instead places the mark at its centre. The list alone does everything.
const bodyMap = document.querySelector("svg[data-attune-body-map]");
const region = document.querySelector("[data-attune-mark-region]");
const markX = document.querySelector("[data-attune-mark-x]");
const markY = document.querySelector("[data-attune-mark-y]");
if (bodyMap && region && markX && markY) {
  const width = Number(bodyMap.dataset.width);
  const height = Number(bodyMap.dataset.height);
  const gap = Number(bodyMap.dataset.gap);
  const top = Number(bodyMap.dataset.top);
  const svg = "http://www.w3.org/2000/svg";
  let pending = null;
  const show = (x, y) => {
    pending?.remove();
    pending = document.createElementNS(svg, "g");
    pending.setAttribute("class", "attune-body-map__mark attune-body-map__mark--pending");
    const circle = document.createElementNS(svg, "circle");
    circle.setAttribute("cx", x);
    circle.setAttribute("cy", y);
    circle.setAttribute("r", "8");
    pending.append(circle);
    bodyMap.append(pending);
  };
  bodyMap.addEventListener("click", (event) => {
    const matrix = bodyMap.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const back = point.x > width + gap / 2;
    const x = Math.round(point.x - (back ? width + gap : 0));
    const y = Math.round(point.y - top);
    if (x < 0 || x > width || y < 0 || y > height) return;
    let nearest = null;
    let best = Infinity;
    for (const option of region.options) {
      if (!option.value || option.dataset.side !== (back ? "Back" : "Front")) continue;
      const distance = (Number(option.dataset.x) - x) ** 2 + (Number(option.dataset.y) - y) ** 2;
      if (distance < best) {
        best = distance;
        nearest = option;
      }
    }
    if (!nearest) return;
    region.value = nearest.value;
    markX.value = String(x);
    markY.value = String(y);
    show(point.x, point.y);
    document.querySelector("#MarkNote")?.focus();
  });
  region.addEventListener("change", () => {
    markX.value = "";
    markY.value = "";
    pending?.remove();
  });
}

if (document.querySelector("[data-attune-concern-sent]")) sessionStorage.removeItem(draftKey);
document.querySelector("form.attune-signout")?.addEventListener("submit", () => sessionStorage.removeItem(draftKey));
