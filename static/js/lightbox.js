/* seminar-site lightbox: progressive enhancement of gallery links into one native <dialog>.
   Without JavaScript (or without <dialog>) each thumbnail simply links to its large image. */
(function () {
  "use strict";
  // Printing shows every photo, including those a lazy <img> has not fetched yet.
  window.addEventListener("beforeprint", function () {
    var lazy = document.querySelectorAll(".gallery img[loading=lazy]");
    for (var i = 0; i < lazy.length; i++) lazy[i].loading = "eager";
  });
  if (typeof HTMLDialogElement !== "function" || !("showModal" in HTMLDialogElement.prototype)) return;
  var galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length) return;

  var en = /^en/i.test(document.documentElement.lang || "");
  var dialog, img, countEl, textEl, creditEl, live, btnPrev, btnNext, btnClose;
  var items = [], index = 0, touchX = null, touchY = 0;

  function el(tag, cls, parent) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(cls, glyph, onClick) {
    var b = el("button", "lightbox-button " + cls, dialog);
    b.type = "button";
    var icon = el("span", null, b);
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = glyph;
    b.addEventListener("click", onClick);
    return b;
  }

  function build() {
    dialog = el("dialog", "lightbox");
    var figure = el("figure", "lightbox-figure", dialog);
    img = el("img", "lightbox-image", figure);
    img.decoding = "async";
    var caption = el("figcaption", "lightbox-caption", figure);
    countEl = el("span", "lightbox-count", caption);
    textEl = el("span", "lightbox-text", caption);
    creditEl = el("span", "lightbox-credit", caption);
    btnPrev = button("lightbox-prev", "\u2039", function () { show(index - 1); });
    btnNext = button("lightbox-next", "\u203a", function () { show(index + 1); });
    btnClose = button("lightbox-close", "\u00d7", function () { dialog.close(); });
    live = el("p", "lightbox-live", dialog);
    live.setAttribute("aria-live", "polite");
    dialog.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowLeft") { show(index - 1); e.preventDefault(); }
      else if (e.key === "ArrowRight") { show(index + 1); e.preventDefault(); }
    });
    dialog.addEventListener("click", function (e) {
      if (e.target === dialog) dialog.close(); // a click on the backdrop
    });
    dialog.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1) { touchX = null; return; }
      touchX = e.touches[0].clientX; touchY = e.touches[0].clientY;
    }, { passive: true });
    dialog.addEventListener("touchend", function (e) {
      if (touchX === null) return;
      var dx = e.changedTouches[0].clientX - touchX, dy = e.changedTouches[0].clientY - touchY;
      touchX = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
    });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      var link = items[index] && items[index].link;
      items = [];
      if (link) link.focus();
    });
    document.body.appendChild(dialog);
  }

  function collect(gallery) {
    var out = [];
    var links = gallery.querySelectorAll("a.gallery-link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i], thumb = link.querySelector("img"), fig = link.closest("figure");
      var cap = fig && fig.querySelector(".gallery-caption");
      var credit = fig && fig.querySelector(".gallery-credit");
      out.push({
        link: link,
        href: link.getAttribute("href"),
        width: link.getAttribute("data-width"),
        height: link.getAttribute("data-height"),
        alt: thumb ? thumb.getAttribute("alt") || "" : "",
        caption: text(cap),
        credit: text(credit)
      });
    }
    return out;
  }

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function labels(gallery) {
    function get(name, ja, english) { return gallery.getAttribute("data-label-" + name) || (en ? english : ja); }
    dialog.setAttribute("aria-label", get("dialog", "写真", "Photo"));
    btnPrev.setAttribute("aria-label", get("prev", "前へ", "Previous"));
    btnNext.setAttribute("aria-label", get("next", "次へ", "Next"));
    btnClose.setAttribute("aria-label", get("close", "閉じる", "Close"));
  }

  function show(i) {
    var n = items.length;
    if (!n) return;
    index = (i + n) % n;
    var item = items[index];
    img.src = item.href;
    img.alt = item.alt;
    if (item.width && item.height) { img.width = +item.width; img.height = +item.height; }
    var position = (index + 1) + " / " + n;
    countEl.textContent = position;
    textEl.textContent = item.caption;
    creditEl.textContent = item.credit;
    live.textContent = position + (en ? ": " : "\u3000") + (item.caption || item.alt);
    var hide = n < 2;
    btnPrev.hidden = hide; btnNext.hidden = hide;
    if (n > 1) new Image().src = items[(index + 1) % n].href; // warm the next photo
  }

  function open(gallery, i) {
    if (!dialog) build();
    items = collect(gallery);
    labels(gallery);
    show(i);
    dialog.showModal();
  }

  Array.prototype.forEach.call(galleries, function (gallery) {
    gallery.addEventListener("click", function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      var link = e.target.closest && e.target.closest("a.gallery-link");
      if (!link || !gallery.contains(link)) return;
      var links = gallery.querySelectorAll("a.gallery-link");
      var i = Array.prototype.indexOf.call(links, link);
      if (i < 0) return;
      e.preventDefault();
      open(gallery, i);
    });
  });
})();
