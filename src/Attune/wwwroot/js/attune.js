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
    const notice = document.createElement("div");
    notice.className = "govuk-inset-text";
    notice.setAttribute("role", "status");
    notice.textContent = (saved.pupils?.length ?? 0) > 0
      ? "We kept what you had typed. The pupils you chose are kept too: choose Find pupil or send to see them listed."
      : "We kept what you had typed.";
    report.before(notice);
  }

  report.addEventListener("input", save);
  report.addEventListener("change", save);
  report.addEventListener("submit", save);
}

if (document.querySelector("[data-attune-concern-sent]")) sessionStorage.removeItem(draftKey);
document.querySelector("form.attune-signout")?.addEventListener("submit", () => sessionStorage.removeItem(draftKey));
