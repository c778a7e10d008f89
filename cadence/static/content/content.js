// The post form: live counters of the published text ("2 050 / 2 200": the caption, then the hashtags after
// a blank line, as captions.compose() builds it) and of the hashtags against the channel's limits (read from
// the page's json_script, captions.limits_json(); the server checks the same limits), and the format select
// limited to the channel's formats. No framework; works on the page as rendered.
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-post-form]");
    var limitsNode = document.getElementById("content-limits");
    var texts = document.getElementById("content-texts");
    if (!form || !limitsNode || !texts) { return; }
    var data = JSON.parse(limitsNode.textContent);
    var limits = data.channels || {};
    var separator = data.separator || "\n\n";
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
      var keys = [];
      (text || "").split(/[\s,;]+/).forEach(function (part) {
        var tag = part.replace(/^[#\uff03]+/, "");
        if (tag && keys.indexOf(tag.toLowerCase()) < 0) { keys.push(tag.toLowerCase()); seen.push(tag); }
      });
      return seen;
    }
    function update() {
      var rule = limits[channel.value] || {};
      var tags = tagsOf(hashtags.value);
      var body = caption.value.replace(/\r\n/g, "\n").replace(/\s+$/, "");
      var tagText = tags.map(function (t) { return "#" + t; }).join(" ");
      var text = tagText ? (body ? body + separator + tagText : tagText) : body;
      var length = Array.from(text).length;
      showPreview(text);
      var media = form.querySelectorAll("input[name=media_files]:checked").length;
      var limit = media > 0 && rule.caption_with_media ? rule.caption_with_media : rule.caption;
      if (limit) {
        captionOut.textContent = fill(texts.dataset.caption, {count: numberFormat.format(length), limit: numberFormat.format(limit)});
        captionOut.classList.toggle("over", length > limit);
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
    var preview = document.querySelector("[data-live-preview]");
    function showPreview(text) {
      if (!preview) { return; }
      var option = channel.options[channel.selectedIndex];
      preview.className = "pv pv-" + channel.value + " pv-fmt-" + format.value;
      preview.querySelector("[data-preview-network]").textContent = option ? option.text : "";
      preview.querySelector("[data-preview-text]").textContent = text;
      var day = form.querySelector("input[name=publish_date]");
      var time = form.querySelector("input[name=publish_time]");
      preview.querySelector("[data-preview-when]").textContent =
        [day ? day.value : "", time ? time.value : ""].join(" ").trim();
      var checked = form.querySelector("input[name=media_files]:checked");
      var thumb = checked ? checked.parentNode.querySelector("img") : null;
      var image = preview.querySelector("[data-preview-image]");
      image.hidden = !thumb;
      preview.querySelector("[data-preview-noimage]").hidden = !!thumb;
      if (thumb) { image.src = thumb.src; }
    }
    channel.addEventListener("change", function () { formats(); update(); });
    format.addEventListener("change", update);
    form.addEventListener("input", function (event) {
      if (event.target && /^publish_/.test(event.target.name || "")) { update(); }
    });
    caption.addEventListener("input", update);
    hashtags.addEventListener("input", update);
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "media_files") { update(); }
    });
    formats();
    update();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
