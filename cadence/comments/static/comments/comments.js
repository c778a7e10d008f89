/* Comment threads: a person picked in the mention list replaces the "@name" being typed; a link to a comment
   (a notification's) shows it once the thread has loaded after its page. Loaded by the thread fragment. */
(function () {
  "use strict";
  if (window.cadenceComments) { return; }
  window.cadenceComments = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-mention]");
    if (!button) { return; }
    var form = button.closest("form");
    var area = form && form.querySelector("textarea[name=body]");
    if (!area) { return; }
    area.value = area.value.replace(/@[^\s@\[\]()]*$/, "") + button.getAttribute("data-mention");
    var list = button.closest(".mention-list");
    if (list) { list.innerHTML = ""; }
    area.focus();
  });
  function reveal() {
    if (location.hash.indexOf("#comment-") !== 0) { return; }
    var el = document.getElementById(location.hash.slice(1));
    if (el && !el.classList.contains("comment-target")) {
      el.classList.add("comment-target");
      el.scrollIntoView({block: "center"});
    }
  }
  document.addEventListener("htmx:afterSettle", reveal);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", reveal); } else { reveal(); }
})();
