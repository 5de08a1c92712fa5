// Click-to-load recordings: the page asks nothing of the video host until the reader
// presses the button; then the player (youtube-nocookie.com or Vimeo with dnt=1) replaces
// the poster. Without JavaScript the button stays hidden and the link to the video remains.
(function () {
  "use strict";
  document.querySelectorAll(".recording-facade").forEach(function (facade) {
    var button = facade.querySelector(".recording-play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = facade.getAttribute("data-embed");
      frame.title = facade.getAttribute("data-title");
      frame.width = "640";
      frame.height = "360";
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      facade.replaceChildren(frame);
      facade.classList.add("recording-playing");
      frame.focus();
    });
  });
})();
