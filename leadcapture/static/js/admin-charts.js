// Draws every <canvas data-chart='{Chart.js config}'> of an admin page with Chart.js.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart !== "function") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      try {
        var config = JSON.parse(canvas.getAttribute("data-chart"));
        config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
        canvas.chart = new window.Chart(canvas, config);
      } catch (error) {
        canvas.setAttribute("data-chart-error", String(error));
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
