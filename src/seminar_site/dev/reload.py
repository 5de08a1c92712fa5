"""What a preview page carries and shows: the reload script injected in serve mode, and the
error page shown while no build has succeeded yet (moved out of serve.py, which serves)."""

from __future__ import annotations

from html import escape

from seminar_site import i18n
from seminar_site.i18n import _, render

RELOAD_SCRIPT = """<script>/* seminar-site serve: reload + error overlay (never in build output) */
(() => {
  const here = decodeURIComponent(location.pathname).replace(/^\\//, "")
    .replace(/(^|\\/)$/, "$1index.html");
  let seen = null;
  const show = (s) => {
    let box = document.getElementById("seminar-site-errors");
    if (!s.errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "seminar-site-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1em 1.25em;background:#3b0a0a;color:#fff;" +
        "border-top:4px solid #ff5c5c;font:14px/1.6 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.lang = s.overlay.lang;
    box.textContent = s.overlay.notice + "\\n\\n" + s.errors.join("\\n");
  };
  const stale = (s) => {
    if (s.instance !== seen.instance) return true;
    if (s.epoch === seen.epoch) return false;
    const steps = s.history.filter((h) => h.epoch > seen.epoch);
    if (steps.length !== s.epoch - seen.epoch) return true;
    return steps.some((h) => h.changed.some((p) => p === "*" || p === here ||
      !/\\.(html|xml|txt)$/.test(p)));
  };
  const events = new EventSource("/__seminar__/events");
  events.addEventListener("state", (e) => {
    const s = JSON.parse(e.data);
    if (seen !== null && stale(s)) { events.close(); location.reload(); return; }
    seen = s;
    show(s);
    document.documentElement.dataset.seminarLive = String(s.epoch);
  });
})();
</script>
"""


def error_page(errors: list[str], language: str | None = None) -> bytes:
    """What every URL shows while no build has succeeded yet (the overlay lists the errors),
    in ``language`` (default: the language of messages)."""
    language = language or i18n.current()
    title, heading, advice = (
        escape(render(message, language))
        for message in (
            _("seminar-site: cannot build"),
            _("The site cannot be built yet"),
            _(
                "Fix the problems below and save the file: this page reloads by itself "
                "once the site can be built."
            ),
        )
    )
    items = "\n".join(escape(render(error, language)) for error in errors)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>"
        f"<h1>{heading}</h1><p>{advice}</p><pre>{items}</pre>"
        f"{RELOAD_SCRIPT}</body></html>\n"
    ).encode()
