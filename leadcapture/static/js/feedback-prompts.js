/*
 * Feedback prompts and the contact form's prompt log, on the clinic's public pages.
 *
 * The server decides whether a prompt may show (POST /api/v1/prompts keeps the frequency caps);
 * this script asks at the right moments, shows at most one prompt at a time and reports what the
 * visitor does with it: interacted (first touch), dismissed, and when the page goes away with
 * the prompt still up, abandoned (half-filled) or closed (untouched), by navigator.sendBeacon.
 *
 * Moments: the rating card under a tool result (data-interaction), the after-booking prompt on
 * the booking's confirmation (data-booking), the in-page banner after data-banner-delay seconds on
 * any other page, and exit intent: on desktop the pointer leaving the window at the top, on a
 * touch screen the page coming back after it was hidden. The contact form (a form with
 * data-prompt-id) is followed the same way.
 *
 * Settings come from the script tag's data attributes: data-prompts (the prompts endpoint),
 * data-feedback (the feedback endpoint), data-interaction, data-booking, data-banner-delay.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.LeadCapturePrompts || !window.fetch) return;
  var config = script.dataset;
  var followed = [];
  var current = null; // the feedback prompt on screen
  var asking = false;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin"
    });
  }

  function actionUrl(id, action) {
    return config.prompts + "/" + encodeURIComponent(id) + "/" + action;
  }

  function report(id, action) {
    post(actionUrl(id, action)).catch(function () {});
  }

  // The page is going away: a beacon outlives it (text/plain needs no preflight).
  function beacon(id, action) {
    var url = actionUrl(id, action);
    if (navigator.sendBeacon && navigator.sendBeacon(url, "{}")) return;
    fetch(url, { method: "POST", body: "{}", keepalive: true, credentials: "same-origin" }).catch(function () {});
  }

  function isField(node) {
    return node && /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName) && node.type !== "hidden";
  }

  // Follow a prompt's element: the first touch of one of its fields is "interacted" (a button
  // that closes it is not); finish() once it is answered.
  function follow(id, element) {
    var prompt = { id: id, element: element, touched: false, finished: false };
    function touch(event) {
      if (prompt.touched || prompt.finished || !isField(event.target)) return;
      prompt.touched = true;
      report(id, "interacted");
    }
    element.addEventListener("focusin", touch);
    element.addEventListener("input", touch);
    element.addEventListener("change", touch);
    // The script may run after the visitor started typing.
    if (element.contains(document.activeElement)) touch({ target: document.activeElement });
    prompt.finish = function () { prompt.finished = true; };
    followed.push(prompt);
    return prompt;
  }

  window.addEventListener("pagehide", function () {
    followed.forEach(function (prompt) {
      if (prompt.finished) return;
      prompt.finished = true;
      beacon(prompt.id, prompt.touched ? "abandoned" : "closed");
    });
  });

  function followContactForms() {
    document.querySelectorAll("form[data-prompt-id]").forEach(function (form) {
      var prompt = follow(form.getAttribute("data-prompt-id"), form);
      form.addEventListener("submit", prompt.finish);
      document.querySelectorAll("form[data-dismisses='" + prompt.id + "']").forEach(function (dismiss) {
        dismiss.addEventListener("submit", prompt.finish);
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ratingChoices() {
    var fieldset = element("fieldset", "feedback-rating");
    fieldset.appendChild(element("legend", "", "Your rating (1 = poor, 5 = excellent)"));
    for (var value = 1; value <= 5; value += 1) {
      var label = element("label", "feedback-star");
      var input = element("input");
      input.type = "radio";
      input.name = "rating";
      input.value = String(value);
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + value + " ★"));
      fieldset.appendChild(label);
    }
    return fieldset;
  }

  function card(offer) {
    var section = element("section", "card feedback-prompt feedback-" + offer.type);
    section.setAttribute("data-testid", "feedback-prompt");
    section.setAttribute("data-prompt-type", offer.type);
    section.setAttribute("aria-label", offer.message.question);
    if (offer.type === "exit_intent") section.setAttribute("role", "dialog");
    var close = element("button", "link feedback-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    section.appendChild(close);
    section.appendChild(element("p", "feedback-greeting", offer.message.greeting));
    section.appendChild(element("h2", "feedback-question", offer.message.question));
    section.appendChild(element("p", "muted", offer.message.ask));
    var form = element("form", "form feedback-form");
    form.noValidate = true;
    form.appendChild(ratingChoices());
    var comment = element("label", "", "Anything to add? (optional)");
    var text = element("textarea");
    text.name = "comment";
    text.rows = 3;
    text.maxLength = 5000;
    comment.appendChild(text);
    form.appendChild(comment);
    var error = element("p", "field-error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    form.appendChild(error);
    var buttons = element("div", "feedback-buttons");
    buttons.appendChild(element("button", "", "Send"));
    var later = element("button", "link feedback-later", "Not now");
    later.type = "button";
    buttons.appendChild(later);
    form.appendChild(buttons);
    section.appendChild(form);
    return section;
  }

  function place(node, type) {
    var result = document.querySelector('[data-testid="result"]');
    if ((type === "tool_result" || type === "after_booking") && result) result.appendChild(node);
    else if (type === "in_app") document.querySelector("main").prepend(node);
    else document.body.appendChild(node);
  }

  function dismiss(prompt) {
    prompt.finish();
    report(prompt.id, "dismissed");
    prompt.element.remove();
    current = null;
  }

  function send(prompt, offer) {
    var form = prompt.element.querySelector("form");
    var error = form.querySelector(".field-error");
    var chosen = form.querySelector('input[name="rating"]:checked');
    if (!chosen) {
      error.textContent = "Please pick a rating from 1 to 5.";
      error.hidden = false;
      return;
    }
    var body = { rating: Number(chosen.value), context: offer.type, prompt_id: offer.prompt_id };
    var comment = form.elements.comment.value.trim();
    if (comment) body.comment = comment;
    if (config.interaction) body.interaction_id = config.interaction;
    post(config.feedback, body).then(function (response) {
      if (response.status === 201) return thank(prompt);
      return response.json().then(function (answer) {
        error.textContent = (answer.error && answer.error.message) || "Sorry, that did not work.";
        error.hidden = false;
      });
    }).catch(function () {
      error.textContent = "Sorry, your feedback could not be sent. Please try again.";
      error.hidden = false;
    });
  }

  function thank(prompt) {
    prompt.finish();
    current = null;
    var form = prompt.element.querySelector("form");
    var thanks = element("p", "feedback-thanks", "Thank you! Your feedback helps the clinic improve.");
    thanks.setAttribute("role", "status");
    form.replaceWith(thanks);
  }

  function show(offer) {
    var node = card(offer);
    place(node, offer.type);
    var prompt = follow(offer.prompt_id, node);
    current = prompt;
    node.querySelector(".feedback-close").addEventListener("click", function () { dismiss(prompt); });
    node.querySelector(".feedback-later").addEventListener("click", function () { dismiss(prompt); });
    node.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      send(prompt, offer);
    });
  }

  // Ask the server for a prompt of ``type``; one question at a time, none while one is up.
  function ask(type, about) {
    if (current || asking) return;
    asking = true;
    var body = { type: type, page_url: location.href };
    Object.keys(about || {}).forEach(function (key) { body[key] = about[key]; });
    post(config.prompts, body).then(function (response) {
      return response.status === 201 ? response.json() : null;
    }).then(function (offer) {
      asking = false;
      if (offer && window.LeadCapture && LeadCapture.experimentsShown) LeadCapture.experimentsShown(offer.experiments);
      if (offer && !current) show(offer);
    }).catch(function () { asking = false; });
  }

  function watchExitIntent() {
    var asked = false;
    function leave() {
      if (asked) return;
      asked = true;
      ask("exit_intent");
    }
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
      var hidden = false;
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") hidden = true;
        else if (hidden) leave();
      });
      return;
    }
    document.addEventListener("mouseout", function (event) {
      if (!event.relatedTarget && event.clientY <= 0) leave();
    });
  }

  followContactForms();
  if (config.booking) ask("after_booking", { booking_id: config.booking });
  else if (config.interaction) ask("tool_result", { interaction_id: config.interaction });
  else window.setTimeout(function () { ask("in_app"); }, Number(config.bannerDelay || 0) * 1000);
  watchExitIntent();
  window.LeadCapturePrompts = { ask: ask };
})();
