// storyline workbench: the little behaviour the pages have (no inline scripts: the CSP forbids them).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Highlight layers on the article page: each checkbox shows or hides one kind of highlight.
  var body = document.getElementById("article-body");
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      if (body) body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
  // Actions that move articles ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
