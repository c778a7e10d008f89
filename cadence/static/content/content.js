// The post form: live counters of the caption ("2 050 / 2 200") and hashtags against the channel's limits
// (read from the page's json_script; the server checks the same limits), and the format select limited to
// the channel's formats. No framework; works on the page as rendered.
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-post-form]");
    var limitsNode = document.getElementById("content-limits");
    var texts = document.getElementById("content-texts");
    if (!form || !limitsNode || !texts) { return; }
    var limits = JSON.parse(limitsNode.textContent);
    var channel = form.querySelector("select[name=channel]");
    var format = form.querySelector("select[name=format]");
    var caption = form.querySelector("textarea[name=caption]");
    var hashtags = form.querySelector("input[name=hashtags]");
    var captionOut = form.querySelector("[data-counter=caption]");
    var tagsOut = form.querySelector("[data-counter=hashtags]");
    var numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined);

    function fill(template, values) {
      return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
    }
    function tagsOf(text) {
      var seen = [];
      (text || "").split(/[\s,;]+/).forEach(function (part) {
        var tag = part.replace(/^#+/, "");
        if (tag && seen.indexOf(tag) < 0) { seen.push(tag); }
      });
      return seen;
    }
    function update() {
      var rule = limits[channel.value] || {};
      var length = Array.from(caption.value.replace(/\r\n/g, "\n")).length;
      var captionTags = (caption.value.match(/#[^\s#]+/g) || []).map(function (t) { return t.slice(1); });
      var tags = tagsOf(hashtags.value);
      captionTags.forEach(function (t) { if (tags.indexOf(t) < 0) { tags.push(t); } });
      if (rule.caption) {
        captionOut.textContent = fill(texts.dataset.caption, {count: numberFormat.format(length), limit: numberFormat.format(rule.caption)});
        captionOut.classList.toggle("over", length > rule.caption);
      } else {
        captionOut.textContent = fill(texts.dataset.captionNolimit, {count: numberFormat.format(length)});
        captionOut.classList.remove("over");
      }
      if (rule.hashtags) {
        tagsOut.textContent = fill(texts.dataset.hashtags, {count: tags.length, limit: rule.hashtags});
        tagsOut.classList.toggle("over", tags.length > rule.hashtags);
      } else {
        tagsOut.textContent = fill(texts.dataset.hashtagsNolimit, {count: tags.length});
        tagsOut.classList.remove("over");
      }
    }
    function formats() {
      var allowed = (limits[channel.value] || {}).formats || [];
      var firstAllowed = null;
      Array.from(format.options).forEach(function (option) {
        var ok = allowed.indexOf(option.value) >= 0;
        option.hidden = !ok;
        option.disabled = !ok;
        if (ok && firstAllowed === null) { firstAllowed = option.value; }
      });
      if (allowed.indexOf(format.value) < 0 && firstAllowed !== null) { format.value = firstAllowed; }
    }
    channel.addEventListener("change", function () { formats(); update(); });
    caption.addEventListener("input", update);
    hashtags.addEventListener("input", update);
    formats();
    update();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
