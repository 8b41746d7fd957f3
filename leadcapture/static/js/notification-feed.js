// The live notification feed (admin/notifications.html): the server sends each new notification
// as a server-sent event with its list item; it goes on top of the list and the bell counts it,
// without reloading the page. EventSource reconnects by itself after each stream ends.
(function () {
  "use strict";
  var feed = document.querySelector("[data-notification-feed]");
  if (!feed || typeof window.EventSource !== "function") return;
  var bell = document.querySelector("[data-unread]");
  var empty = document.querySelector("[data-testid=no-notifications]");

  function count() {
    if (!bell) return;
    var unread = Number(bell.getAttribute("data-unread")) + 1;
    bell.setAttribute("data-unread", String(unread));
    bell.textContent = String(unread);
    bell.hidden = false;
  }

  var source = new window.EventSource(feed.getAttribute("data-notification-feed"));
  source.addEventListener("notification", function (event) {
    if (document.getElementById("notification-" + event.lastEventId)) return; // shown already
    var data = JSON.parse(event.data);
    feed.insertAdjacentHTML("afterbegin", data.html);
    if (empty) empty.hidden = true;
    count();
  });
})();
