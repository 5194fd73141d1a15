/* Progressive enhancement only: every page works without this file. */
(function () {
  'use strict';
  if (window.DKFDS && typeof window.DKFDS.init === 'function') {
    try {
      window.DKFDS.init();
    } catch {
      /* the design system's own script is optional here */
    }
  }
  // Move focus to the error summary so screen readers hear it first.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // The processing page asks for the status instead of reloading the whole page.
  var progress = document.getElementById('progress');
  if (progress && window.fetch) {
    var url = progress.getAttribute('data-status-url');
    var stages = Array.prototype.map.call(progress.querySelectorAll('li'), function (li) {
      return li.getAttribute('data-stage');
    });
    var poll = function () {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) {
          return r.json();
        })
        .then(function (s) {
          if (s.next) {
            window.location.assign(s.next);
            return;
          }
          if (s.status === 'failed') {
            window.location.reload();
            return;
          }
          var at = stages.indexOf(s.progress);
          Array.prototype.forEach.call(progress.querySelectorAll('li'), function (li, i) {
            li.className = i < at ? 'rt-done' : i === at ? 'rt-now' : '';
          });
          window.setTimeout(poll, 1000);
        })
        .catch(function () {
          window.setTimeout(poll, 3000);
        });
    };
    window.setTimeout(poll, 700);
  }
})();
