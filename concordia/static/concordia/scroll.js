/* A table that scrolls sideways (on a phone site.css lets a wide table scroll in its own box)
   can be scrolled with the keyboard too: while it scrolls it takes the focus (tabindex="0"),
   and gives it back when it fits again. Without JavaScript the table still scrolls by touch. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("main table, main .overflow-auto").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
