/* The task board's drag and drop (Cadence). Uses the vendored SortableJS 1.15.7
   (static/vendor/Sortable-1.15.7.min.js, from the npm package sortablejs@1.15.7) and htmx 2.0.8.
   On a drop the card's move is POSTed (column, and the cards it lands between) with htmx; the server
   answers the board fragment again (columns, capacity, WIP warnings), or the refusal with the card back in
   its place, or a small form asking for a reviewer. Without JavaScript every card has a move form. */
(function () {
  "use strict";

  function cardId(el) {
    return el && el.classList && el.classList.contains("board-card") ? el.getAttribute("data-task") : "";
  }

  function drop(board, evt) {
    var item = evt.item;
    if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
    var values = {
      column: evt.to.getAttribute("data-column"),
      before: cardId(item.previousElementSibling),
      after: cardId(item.nextElementSibling),
      filters: board.getAttribute("data-filters") || ""
    };
    board.classList.add("board-busy");
    htmx.ajax("POST", item.getAttribute("data-move"), {
      source: item, target: "#board", swap: "outerHTML", values: values
    }).catch(function () { window.location.reload(); });
  }

  function init(root) {
    var board = root && root.id === "board" ? root : (root.querySelector ? root.querySelector("#board") : null);
    if (!board || !board.hasAttribute("data-draggable") || typeof Sortable === "undefined") return;
    board.querySelectorAll(".board-cards").forEach(function (list) {
      if (list.getAttribute("data-sortable") === "1") return;
      list.setAttribute("data-sortable", "1");
      Sortable.create(list, {
        group: "board",
        animation: 120,
        filter: ".board-move",
        preventOnFilter: false,
        ghostClass: "board-ghost",
        onEnd: function (evt) { drop(board, evt); }
      });
    });
  }

  function start() {
    init(document);
    if (typeof htmx !== "undefined") {
      htmx.onLoad(function (el) { init(el); });
      document.body.addEventListener("htmx:responseError", function () { window.location.reload(); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
