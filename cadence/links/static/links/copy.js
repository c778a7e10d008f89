// "Copy" buttons of the campaign links' library: <button data-copy="text">. Without JavaScript the URL
// stays selectable in its field.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
    var label = button.getAttribute("data-copied");
    if (label) button.textContent = label;
  });
});
